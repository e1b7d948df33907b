"""The automated attacker, end to end: random portfolios with confidential and anonymous rounds,
every figure each reader can obtain (the health API, the health command, alert texts, the
released blocks behind the review pages and the charter), and a linear-algebra attack on them.

Each figure is mapped to the set of answers it is documented to be over, and checked against
it (n and mean must match: a surface that computes its own figure fails here). Then the attack
must isolate nobody, and nothing it can compute may rest on fewer than k people.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from rapport.accounts.models import Role
from rapport.disclosure.blocks import Level, is_protected
from rapport.disclosure.release import load_partition
from rapport.disclosure.rules import figure_threshold
from rapport.disclosure.signals import ANSWER_RULES
from rapport.disclosure.tests.attacker import Release, attack
from rapport.feedback.models import Invitation
from rapport.insights.services import recompute_health
from rapport.testing.factories import (
    CustomerFactory,
    ProjectFactory,
    ResponseFactory,
    ReviewCycleFactory,
    StakeholderFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=False)
WINDOW = 12
FIGURE = re.compile(r"\d+\.\d|n\s*=\s*\d|\bmean\b", re.IGNORECASE)


def _months_back(count: int) -> list[str]:
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1
    return [f"{(i) // 12}-{(i) % 12 + 1:02d}" for i in range(index - count + 1, index + 1)]


def _index(period: str) -> int:
    return int(period[:4]) * 12 + int(period[5:7])


@st.composite
def portfolios(draw):
    months = draw(st.integers(3, 8))
    customers = []
    for _ in range(draw(st.integers(1, 2))):
        projects = []
        for _ in range(draw(st.integers(1, 3))):
            people = draw(st.integers(1, 8))
            answers = [
                [draw(st.one_of(st.none(), st.integers(1, 10))) for _ in range(people)]
                for _ in range(months)
            ]
            meeting = [draw(st.one_of(st.none(), st.integers(1, 10))) for _ in range(months)]
            last_open = draw(st.booleans())
            projects.append({"answers": answers, "meeting": meeting, "last_open": last_open})
        culture = draw(st.sampled_from(["confidential", "anonymous", "attributed"]))
        customers.append({"culture": culture, "projects": projects})
    return {"months": months, "customers": customers}


def _build(spec):
    """Store the portfolio; return the readers and the ground truth kept outside the database."""
    periods = _months_back(spec["months"])
    lead = UserFactory(role=Role.PMO_LEAD)
    analyst = UserFactory(role=Role.PMO_ANALYST)
    sponsor = UserFactory(role=Role.EXECUTIVE_SPONSOR)
    managers = [UserFactory(role=Role.PROJECT_MANAGER) for _ in range(2)]
    persons: dict = {}
    answers: dict = {}  # id → (project id, period, score, confidentiality)
    expires = timezone.now() + dt.timedelta(days=30)
    for c, cspec in enumerate(spec["customers"]):
        customer = CustomerFactory(feedback_culture=cspec["culture"])
        for p, pspec in enumerate(cspec["projects"]):
            project = ProjectFactory(
                customer=customer, project_manager=managers[(c + p) % 2], sponsor=sponsor
            )
            people = [
                StakeholderFactory(customer=customer) for _ in range(len(pspec["answers"][0]))
            ]
            for m, period in enumerate(periods):
                last = m == len(periods) - 1
                cycle = ReviewCycleFactory(
                    project=project,
                    period=period,
                    state="responded" if last and pspec["last_open"] else "closed",
                    confidentiality=cspec["culture"],
                )
                anonymous = cspec["culture"] == "anonymous"
                for person, score in zip(people, pspec["answers"][m], strict=True):
                    invitation = Invitation.objects.create(
                        cycle=cycle,
                        stakeholder=person,
                        email=person.email,
                        expires_at=expires,
                        used=score is not None,
                    )
                    if score is None:
                        continue
                    response = ResponseFactory(
                        cycle=cycle,
                        invitation=None if anonymous else invitation,
                        stakeholder=None if anonymous else person,
                        scores={"overall": score},
                    )
                    persons[response.pk] = person.pk
                    answers[response.pk] = (project.pk, period, score, cspec["culture"])
                if pspec["meeting"][m] is not None:  # scores agreed openly, attributed
                    score = pspec["meeting"][m]
                    response = ResponseFactory(
                        cycle=cycle,
                        source="meeting",
                        confidentiality="attributed",
                        scores={"overall": score},
                    )
                    persons[response.pk] = f"meeting {response.pk}"
                    answers[response.pk] = (project.pk, period, score, "attributed")
    readers = {"lead": lead, "analyst": analyst, "sponsor": sponsor}
    readers |= {f"manager {i}": m for i, m in enumerate(managers)}
    return readers, persons, answers


def _released_basis(answers):
    """The documented set behind a health row: the project's answers shown in the 12 months to
    the row's period — attributed ones at their month, protected ones only in a released
    project-level block, at the block's release month (docs/privacy.md)."""
    partition = load_partition()
    shown: dict = defaultdict(list)  # project → [(answer, shown period)]
    for answer_id, (project_id, period, _, culture) in answers.items():
        if is_protected(culture):
            block = partition.released_block_of(answer_id)
            if block is None or block.level == Level.CUSTOMER:
                continue
            period = block.release_period
        shown[project_id].append((answer_id, period))

    def basis(project_id: int, period: str) -> frozenset:
        return frozenset(
            a for a, p in shown[project_id] if 0 <= _index(period) - _index(p) < WINDOW
        )

    return basis, partition


def _raw_basis(answers):
    """What a naive dashboard shows: the trailing 12 months of raw answers."""

    def basis(project_id: int, period: str) -> frozenset:
        return frozenset(
            a
            for a, (pid, p, _, _) in answers.items()
            if pid == project_id and 0 <= _index(period) - _index(p) < WINDOW
        )

    return basis


def _checked(rows, basis, answers, source, *, tolerance=0.006):
    """Health rows → releases, each checked against its documented set."""
    from rapport.portfolio.models import Project

    names = dict(Project.objects.values_list("name", "pk"))
    releases = []
    for row in rows:
        project_id = row.get("project_id") or names[row["project"]]  # the command names it
        ids = basis(project_id, row["period"])
        where = f"{source} project {project_id} {row['period']}"
        assert row["n"] == len(ids), f"{where}: n={row['n']} but its basis holds {len(ids)}"
        if ids:
            true_mean = sum(answers[a][2] for a in ids) / len(ids)
            assert row["mean"] == pytest.approx(true_mean, abs=tolerance), where
        releases.append(Release(where, ids, row["n"], row["mean"]))
    return releases


def _api_rows(client, url):
    rows, page = [], 1
    while True:
        reply = client.get(url, {"all_periods": "true", "page": page})
        assert reply.status_code == 200, reply.content
        body = reply.json()
        rows += body["items"]
        if len(rows) >= body["count"]:
            return rows
        page += 1


HEAT_TIP = re.compile(r"<title>([^<]*?), (\d{4}-\d{2}): [^<]*?mean (\d+\.\d), n=(\d+)")


def _heatmap_rows(client):
    """The health review page's heatmap tooltips ("name, period: status — …, mean m, n=N")."""
    import html

    rows, page = [], 1
    while True:
        reply = client.get("/insights/", {"page": page})
        if reply.status_code != 200:
            return rows  # not a page this reader may open
        found = [
            {"project": html.unescape(name), "period": period, "mean": float(mean), "n": int(n)}
            for name, period, mean, n in HEAT_TIP.findall(reply.content.decode())
        ]
        fresh = [r for r in found if r not in rows]
        if not fresh:  # past the last page, the paginator serves the last page again
            return rows
        rows += fresh
        page += 1


def _collect(readers, answers, basis, partition):
    """Every figure each reader obtains, as checked releases."""
    out = io.StringIO()
    call_command("health", format="json", all_periods=True, stdout=out)
    command = _checked(json.loads(out.getvalue()), basis, answers, "rapport health")
    blocks = []
    if partition is not None:
        # The review pages, the agenda and the charter show sums over released blocks (each
        # alone, and all of a customer's released in a month): give the attacker all of them.
        per_customer_month: dict = defaultdict(set)
        for block in partition.released():
            blocks.append(Release(block.key, block.answer_ids, block.size, None))
            per_customer_month[(block.customer_id, block.release_period)] |= block.answer_ids
        blocks += [
            Release(f"customer total {key}", frozenset(ids), len(ids), None)
            for key, ids in per_customer_month.items()
        ]
    found = {}
    for name, user in readers.items():
        client = Client()
        client.force_login(user)
        api = _checked(_api_rows(client, "/api/insights/health"), basis, answers, f"{name} api")
        heat = _checked(_heatmap_rows(client), basis, answers, f"{name} heatmap", tolerance=0.051)
        alerts = client.get("/api/insights/alerts", {"page": 1})
        found[name] = (
            api + heat + command + blocks,
            alerts.json()["items"] if alerts.status_code == 200 else [],
        )
    return found


def assert_alerts_withhold_numbers(name, alerts, answers):
    """No alert text that read a protected answer (in its month or its rule's 12-month
    baseline) carries a figure: what happened and which rule, never the numbers."""
    protected_months = defaultdict(set)
    for pid, period, _, culture in answers.values():
        if is_protected(culture):
            protected_months[pid].add(_index(period))
    for alert in alerts:
        read_protected = any(
            0 <= _index(alert["period"]) - month <= WINDOW
            for month in protected_months[alert["project_id"]]
        )
        if read_protected and alert["rule"] in ANSWER_RULES:
            text = alert["message"].replace(alert["period"], "")
            assert not FIGURE.search(text), f"{name} reads figures in: {text}"


def _unknowns(name, answers):
    """What a reader may not see one by one: PMO roles see who said what when confidential."""
    hidden = {"anonymous"} if name in ("lead", "analyst") else {"anonymous", "confidential"}
    return [a for a, (_, _, _, culture) in answers.items() if culture in hidden]


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=portfolios())
def test_no_reader_can_isolate_a_protected_answer(spec, db):
    k = figure_threshold()
    with transaction.atomic():
        readers, persons, answers = _build(spec)
        recompute_health(notify=False)
        basis, partition = _released_basis(answers)
        for block in partition.released():
            event(f"released block: {block.level}")
        for name, (releases, alerts) in _collect(readers, answers, basis, partition).items():
            result = attack(releases, _unknowns(name, answers), persons)
            assert result.isolated == [], f"{name} isolates {result.isolated}"
            assert result.smallest_atom is None or result.smallest_atom >= k, name
            assert_alerts_withhold_numbers(name, alerts, answers)
        transaction.set_rollback(True)


def test_a_leaky_rolling_mean_is_caught(db, monkeypatch):
    """Switch the disclosure layer off in the health review (every answer treated as open):
    the API then serves rolling 12-month means of raw answers, and the attacker recovers an
    anonymous stakeholder's score by subtraction, as in the issue (2 × 7.5 − 8 = 7)."""
    spec = {
        "months": 3,
        "customers": [
            {
                "culture": "anonymous",
                "projects": [
                    {
                        "answers": [[8, None], [7, None], [6, 9]],
                        "meeting": [None, None, None],
                        "last_open": False,
                    }
                ],
            }
        ],
    }
    readers, persons, answers = _build(spec)
    monkeypatch.setattr("rapport.insights.loading.is_protected", lambda culture: False)
    recompute_health(notify=False)
    found = _collect({"sponsor": readers["sponsor"]}, answers, _raw_basis(answers), None)
    result = attack(found["sponsor"][0], _unknowns("sponsor", answers), persons)
    assert result.isolated, "the attacker should recover single answers from rolling means"
    assert result.smallest_atom is not None and result.smallest_atom < figure_threshold()
    # With the layer on, the same portfolio releases nothing about these answers.
    monkeypatch.undo()
    recompute_health(notify=False)
    basis, partition = _released_basis(answers)
    found = _collect({"sponsor": readers["sponsor"]}, answers, basis, partition)
    assert attack(found["sponsor"][0], _unknowns("sponsor", answers), persons).isolated == []
