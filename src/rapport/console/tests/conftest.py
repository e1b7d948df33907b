"""The console's whole-site tests (page structure, every language, accessibility) crawl a small
demo portfolio as each role."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from rapport.demo.builder import DemoOptions, build_demo

# The demo's sign-in for each role.
DEMO_ROLES = {
    "lead": "lead@demo.rapport.test",
    "analyst": "analyst@demo.rapport.test",
    "sponsor": "sponsor@demo.rapport.test",
    "pm": "pm@demo.rapport.test",
}


@pytest.fixture
def demo(db: Any) -> Any:
    return build_demo(DemoOptions(customers=3, projects=6, months=6, seed=7, today=dt.date.today()))
