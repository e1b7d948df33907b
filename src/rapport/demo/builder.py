"""Builds the demo portfolio through the same service functions the console uses.

Deterministic: the same seed and the same ``today`` give the same data, row for row.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata

from django.contrib.auth.hashers import make_password
from django.db import transaction

from rapport.accounts import services as account_services
from rapport.accounts.models import Role, User
from rapport.customers import services as customer_services
from rapport.customers.models import Customer, Engagement, Stakeholder
from rapport.demo import catalog
from rapport.demo.customers import build_customers
from rapport.demo.delivery import build_delivery
from rapport.demo.feedback import build_feedback
from rapport.demo.insights import build_insights
from rapport.demo.options import DemoOptions, DemoResult, Progress
from rapport.demo.pulse import build_pulse
from rapport.demo.roadmap import build_roadmap
from rapport.demo.roadmap_items import build_roadmap_items
from rapport.portfolio import services as portfolio_services
from rapport.portfolio.models import Phase, Project, SizeBand


def _ascii(text: str) -> str:
    return (
        unicodedata.normalize("NFKD", text)
        .encode("ascii", "ignore")
        .decode()
        .lower()
        .replace(" ", "")
        .replace("'", "")
    )


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, 1)


def _customer_specs(n: int) -> list[dict]:
    specs = []
    for i in range(n):
        base = dict(catalog.CUSTOMERS[i % len(catalog.CUSTOMERS)])
        if i >= len(catalog.CUSTOMERS):
            base["name"] = f"{base['name']} {i // len(catalog.CUSTOMERS) + 1}"
            base["external_id"] = f"{base['external_id']}-{i // len(catalog.CUSTOMERS) + 1}"
        specs.append(base)
    return specs


def _staff() -> dict[str, list[User]]:
    # Hash the shared demo password once: hashing is deliberately slow.
    hashed = make_password(catalog.DEMO_PASSWORD)
    users: dict[str, list[User]] = {}
    for role, people in catalog.STAFF.items():
        users[role] = []
        for email, name in people:
            user = account_services.create_user(email=email, full_name=name, role=role)
            user.password = hashed
            user.language = catalog.STAFF_LANGUAGES.get(email, user.language)
            user.save(update_fields=["password", "language"])
            users[role].append(user)
    return users


@transaction.atomic
def build_demo(options: DemoOptions, progress: Progress | None = None) -> DemoResult:
    say = progress or (lambda _msg: None)
    rng = random.Random(options.seed)
    users = _staff()
    lead = users[Role.PMO_LEAD][0]
    say(f"Created {sum(len(v) for v in users.values())} console users.")

    customers: list[Customer] = []
    stakeholders: list[Stakeholder] = []
    used_emails: set[str] = set()
    for spec in _customer_specs(options.customers):
        customer = customer_services.create_customer(
            by=lead,
            name=spec["name"],
            external_id=spec["external_id"],
            value_provided=spec["value"],
            serves=spec["serves"],
            motivations=spec["motivations"],
            priorities=list(spec["priorities"]),
            preferred_channel=spec["channel"],
            language=spec["language"],
            feedback_culture=spec["culture"],
            vocabulary=list(spec["vocabulary"]),
            relationship_owner=rng.choice(users[Role.PMO_LEAD] + users[Role.PMO_ANALYST]),
        )
        customers.append(customer)
        domain = _ascii(spec["name"]).replace("&", "") + ".example"
        count = rng.randint(4, 7)
        for _ in range(spec.get("stakeholders", count)):
            language = spec["language"] if rng.random() < 0.8 else "en"
            first = rng.choice(catalog.FIRST_NAMES[language])
            last = rng.choice(catalog.LAST_NAMES[language])
            email = f"{_ascii(first)}.{_ascii(last)}@{domain}"
            if email in used_emails:
                continue
            used_emails.add(email)
            current = rng.choice(list(Engagement))
            desired = rng.choice(
                [
                    e
                    for e in Engagement
                    if list(Engagement).index(e) >= list(Engagement).index(current)
                ]
            )
            stakeholders.append(
                customer_services.create_stakeholder(
                    customer,
                    by=lead,
                    name=f"{first} {last}",
                    email=email,
                    role=rng.choice(catalog.STAKEHOLDER_ROLES),
                    language=language,
                    power=rng.randint(1, 5),
                    interest=rng.randint(1, 5),
                    engagement_current=current,
                    engagement_desired=desired,
                )
            )
    say(f"Created {len(customers)} customers with {len(stakeholders)} stakeholders.")

    by_customer: dict[int, list[Stakeholder]] = {}
    for s in stakeholders:
        by_customer.setdefault(s.customer_id, []).append(s)

    projects: list[Project] = []
    names = list(catalog.PROJECT_NAMES)
    rng.shuffle(names)
    statuses = ["G"] * 9 + ["AG"] * 4 + ["A"] * 3 + ["AR"] * 2 + ["R"] * 2
    for i in range(options.projects):
        customer = customers[i % len(customers)] if i < len(customers) else rng.choice(customers)
        name = names[i % len(names)]
        if i >= len(names):
            name = f"{name} phase {i // len(names) + 1}"
        start = _add_months(options.today, -rng.randint(1, max(options.months, 1) + 6))
        end = _add_months(start, rng.randint(6, 30))
        state = (
            "closed"
            if end < options.today and rng.random() < 0.7
            else ("paused" if rng.random() < 0.05 else "active")
        )
        project = portfolio_services.create_project(
            by=lead,
            name=name,
            code=f"PRJ-{1001 + i}",
            customer=customer,
            project_manager=rng.choice(users[Role.PROJECT_MANAGER]),
            sponsor=rng.choice(users[Role.EXECUTIVE_SPONSOR]),
            state=state,
            phase=rng.choice(list(Phase)) if state != "closed" else Phase.BENEFITS,
            start_date=start,
            end_date=end,
            delivery_status=rng.choice(statuses),
            complexity=rng.choices([1, 2, 3, 4, 5], weights=[1, 3, 4, 3, 2])[0],
            novelty=rng.randint(1, 5),
            size_band=rng.choice(list(SizeBand)),
            customer_groups=rng.choice([1, 1, 2, 3, 4]),
            site=rng.choice(["hq", "hq", "site"]),
            today=options.today,
        )
        projects.append(project)
        pool = by_customer.get(customer.pk, [])
        for stakeholder in rng.sample(pool, k=min(len(pool), rng.randint(2, 4))):
            portfolio_services.add_project_stakeholder(
                project, stakeholder, by=lead, role_on_project=rng.choice(catalog.PROJECT_ROLES)
            )
    say(f"Created {len(projects)} projects with their feedback-givers.")
    result = DemoResult(
        users=users, customers=customers, projects=projects, stakeholders=stakeholders
    )
    build_customers(result, options, say)
    build_roadmap(result, options, say)
    build_feedback(result, options, say)
    build_roadmap_items(result, options, say)
    build_pulse(result, options, say)
    build_delivery(result, options, say)
    # Last: the health review reads everything the other parts made.
    build_insights(result, options, say)
    _subscribe_to_monthly_packs(users)
    return result


def _subscribe_to_monthly_packs(users: dict[str, list[User]]) -> None:
    """The sponsor and the analyst (who owns customer relationships) asked for the monthly pack:
    the worker's first run of the schedule emails it to the demo mailbox."""
    from rapport.reports.packs import set_subscription

    for person in users[Role.EXECUTIVE_SPONSOR][:1] + users[Role.PMO_ANALYST][:1]:
        set_subscription(person, on=True, by=person)
