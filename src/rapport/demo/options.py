"""What the demo builder is asked for (``DemoOptions``) and what it made (``DemoResult``).

Below ``builder`` and the per-app demo modules, which all read these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from rapport.accounts.models import User
from rapport.customers.models import Customer, Stakeholder
from rapport.portfolio.models import Project

Progress = Callable[[str], None]


@dataclass
class DemoOptions:
    customers: int = 8
    projects: int = 40
    months: int = 18
    seed: int = 7
    today: dt.date = field(default_factory=dt.date.today)


@dataclass
class DemoResult:
    users: dict[str, list[User]]
    customers: list[Customer]
    projects: list[Project]
    stakeholders: list[Stakeholder]
