"""Demo data for the service catalog, the readiness assessments, the pledge and customer words.

Deterministic: its own random stream (seed × 1000 + 6), independent of the other demo parts.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from rapport.accounts.models import Role
from rapport.catalog.models import ServiceStatus
from rapport.plainlanguage.models import GlossaryTerm
from rapport.readiness import services as readiness_services
from rapport.readiness.barriers import BARRIERS
from rapport.readiness.texts import DEFAULT_PLEDGE
from rapport.roadmap import services as roadmap_services
from rapport.roadmap.texts import SERVICE_EXAMPLES

K = 6

# How far each demo service has come (the rest stay ideas).
_STATUS_PATH = {
    0: [ServiceStatus.PILOTING, ServiceStatus.AVAILABLE],
    1: [ServiceStatus.PILOTING, ServiceStatus.AVAILABLE],
    2: [ServiceStatus.PILOTING, ServiceStatus.AVAILABLE],
    3: [ServiceStatus.PILOTING],
    4: [ServiceStatus.PILOTING, ServiceStatus.AVAILABLE],
    5: [ServiceStatus.PILOTING],
    6: [ServiceStatus.RETIRED],
}

# Before: time, harmony and ranking are strong barriers. After: ranking has gone; time and
# harmony have eased but are still active, so the remedies show.
_BEFORE = {"organization": 3, "time": 5, "poor_scores": 4, "transparency": 3, "harmony": 5}
_BEFORE["ranking"] = 5
_AFTER = {"organization": 2, "time": 4, "poor_scores": 4, "transparency": 2, "harmony": 4}
_AFTER["ranking"] = 2

# (customer-vocabulary word, glossary term it stands for)
_TERM_HINTS = [
    ("branch capacity", "bandwidth"),
    ("forecast accuracy", "KPI"),
    ("supplier scorecard", "KPI"),
    ("shift handover", "cutover"),
    ("release", "go-live"),
    ("idea to trial", "phase gate"),
    ("maintenance backlog", "backlog"),
]


def _ratings(rng: random.Random, centre: dict[str, int]) -> dict[str, int]:
    ratings = {}
    for barrier in BARRIERS:
        for key in barrier.statement_keys():
            value = centre[barrier.key] + rng.choice([-1, 0, 0, 0, 1])
            ratings[key] = min(5, max(1, value))
    return ratings


def build_roadmap(result: Any, options: Any, progress: Any = None) -> None:
    say = progress or (lambda _msg: None)
    rng = random.Random(options.seed * 1000 + K)
    lead = result.users[Role.PMO_LEAD][0]
    owners = result.users[Role.PMO_LEAD] + result.users[Role.PMO_ANALYST]

    services = []
    for i, (name, outcome, description) in enumerate(SERVICE_EXAMPLES):
        k = min(len(result.customers), rng.randint(1, 4))
        service = roadmap_services.create_service(
            by=lead,
            name=name,
            outcome=outcome,
            description=description,
            owner=rng.choice(owners),
            customers=rng.sample(result.customers, k=k),
        )
        for status in _STATUS_PATH.get(i, []):
            roadmap_services.change_service_status(service, status, by=lead)
        services.append(service)

    terms = {t.term.lower(): t for t in GlossaryTerm.objects.filter(language="en")}
    overrides = 0
    for customer in result.customers:
        for word, term in _TERM_HINTS:
            if word in customer.vocabulary and term.lower() in terms:
                roadmap_services.set_customer_term(customer, terms[term.lower()], word, by=lead)
                overrides += 1

    before_day = options.today - dt.timedelta(days=180)
    readiness_services.record_assessment(
        _ratings(rng, _BEFORE),
        by=lead,
        taken_on=before_day,
        note="First look, with the PMO team, before the monthly reviews started.",
    )
    readiness_services.sign_pledge(DEFAULT_PLEDGE, by=lead)
    readiness_services.record_assessment(
        _ratings(rng, _AFTER),
        by=lead,
        taken_on=options.today - dt.timedelta(days=14),
        note="Six months on: pledge signed, short calls offered, two customers confidential.",
    )
    say(
        f"Created {len(services)} services, {overrides} customer words, "
        "two readiness assessments and a signed pledge."
    )
