"""Demo data for the roadmap built with each customer, the shared link and partnership charters.

Deterministic: its own random stream (seed × 1000 + 8), independent of the other demo parts.
Every customer gets quick wins and capability waves linked to their pain points; the first
customer's roadmap is shared by link (printed), with comments and marks, some accepted.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.conf import settings
from django.urls import reverse

from rapport.accounts.models import Role, User
from rapport.catalog.models import Service
from rapport.charter import services as charter_services
from rapport.charter.models import CharterStatus
from rapport.customers.models import Customer
from rapport.roadmap.models import ItemStatus, RoadmapItem
from rapport.roadmap.services import items as item_services
from rapport.roadmap.services import sharing

K = 8

# (title, outcome in the customer's words)
QUICK_WINS = [
    (
        "One page to ask for help",
        "You ask for a project on one short page. We reply within two days.",
    ),
    (
        "Named contact for each request",
        "You know who looks after your request. You can call them.",
    ),
    (
        "Weekly note in plain words",
        "Each Friday you get five lines on what moved and what is next.",
    ),
    (
        "Fewer sign-offs for small changes",
        "Small changes go ahead with one yes, not three.",
    ),
    (
        "Where is my request?",
        "You can see where your request is at any time, without asking.",
    ),
]
CAPABILITIES = [
    (
        "Training before launch",
        "Your people learn the new way of working before it goes live.",
    ),
    (
        "Launch help desk",
        "For two weeks after launch, one number gets you someone who knows.",
    ),
    (
        "Shared plan for the year",
        "You and we agree once a year on the work that matters most.",
    ),
    (
        "Decisions kept in one place",
        "We write down each choice we make. Your auditors can find it fast.",
    ),
    (
        "Check the gains",
        "Six months on, we check with you that you got what you paid for.",
    ),
    (
        "Small project coaching",
        "Your own team learns to run small projects well, with our help.",
    ),
]
COMMENTS = [
    "This one would save my team hours every week.",
    "Please start with the northern branches.",
    "Can we see a first version before summer?",
    "We tried something like this before. Keep it simple.",
    "Our supervisors need to be part of the training.",
]


def _month(day: dt.date, months: int) -> dt.date:
    return day + dt.timedelta(days=round(months * 30.44))


def build_roadmap_items(result: Any, options: Any, progress: Any = None) -> None:
    say = progress or (lambda _msg: None)
    rng = random.Random(options.seed * 1000 + K)
    lead = result.users[Role.PMO_LEAD][0]
    today = options.today
    services = list(Service.objects.order_by("pk"))
    counts = {"items": 0, "quick": 0, "inputs": 0, "charters": 0}
    shared_url = ""
    for index, customer in enumerate(result.customers):
        pains = list(customer.pain_points.order_by("-severity", "pk"))
        chosen = rng.sample(QUICK_WINS, k=2) + rng.sample(CAPABILITIES, k=rng.randint(3, 5))
        items = []
        for n, (title, outcome) in enumerate(chosen):
            quick = n < 2
            linked = rng.sample(pains, k=min(len(pains), rng.randint(1, 2))) if pains else []
            item = item_services.create_item(
                customer,
                by=lead,
                title=title,
                outcome=outcome,
                service=rng.choice(services) if services and rng.random() < 0.7 else None,
                pain_points=linked,
                reach=rng.randint(20, 400),
                pain_relief=rng.randint(4, 5) if quick else rng.randint(2, 5),
                confidence=rng.choice([0.5, 0.7, 0.8, 0.9]),
                effort=rng.choice([0.5, 1]) if quick else rng.choice([2, 3, 4, 6]),
            )
            items.append(item)
        counts["items"] += len(items)
        counts["quick"] += 2
        # Plan as if we started three months ago, then move the early items along.
        item_services.replan_roadmap(customer, by=lead, start=_month(today, -3))
        ordered = list(RoadmapItem.objects.filter(customer=customer).order_by("position"))
        for item in ordered:
            item_services.change_item_status(item, ItemStatus.PLANNED, by=lead)
        for item in ordered:
            if item.build_start and item.build_start <= today:
                item_services.change_item_status(item, ItemStatus.BUILDING, by=lead)
                if item.build_end and item.build_end <= today:
                    item_services.change_item_status(item, ItemStatus.ADOPTING, by=lead)
                    item_services.update_item(item, by=lead, adoption_pct=rng.randint(40, 85))
        # Replan the rest: the next wave waits for the adoption measured so far.
        item_services.replan_roadmap(customer, by=lead, start=today)
        if index == 0:
            shared_url = _share(customer, ordered, lead, rng, counts)
        charter_services.start_charter(
            customer,
            by=lead,
            agreed_on=today - dt.timedelta(days=rng.randint(60, 200)),
            next_review_on=today + dt.timedelta(days=rng.choice([10, 30, 60, 90])),
            status=CharterStatus.AGREED,
        )
        counts["charters"] += 1
    say(
        f"Built {counts['items']} roadmap items ({counts['quick']} quick wins), "
        f"{counts['inputs']} customer notes and {counts['charters']} partnership charters."
    )
    if shared_url:
        say(f"Roadmap shared with {result.customers[0].name}: {shared_url}")


def _share(
    customer: Customer,
    items: list[RoadmapItem],
    lead: User,
    rng: random.Random,
    counts: dict[str, int],
) -> str:
    stakeholder = customer.stakeholders.order_by("pk").first()
    link, token = sharing.create_share_link(customer, by=lead, stakeholder=stakeholder)
    for item in items[:4]:
        # The first step relieves a lot, they say; the PMO accepts that below.
        relief = 5 if item is items[0] else rng.choice([None, 3, 4, 5])
        entry = sharing.add_customer_comment(link, item.pk, rng.choice(COMMENTS), relief=relief)
        counts["inputs"] += 1
        if item is items[0]:
            sharing.accept_customer_input(entry, by=lead)
    sharing.mark_most_important(link, [items[0].pk, items[2].pk])
    counts["inputs"] += 2
    return settings.SITE_URL + reverse("roadmap_public:show", args=[token])
