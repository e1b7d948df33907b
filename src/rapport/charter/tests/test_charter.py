"""Partnership charters: default principles, measures with and without data, scorecard, reminder."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from rapport.audit.models import AuditEntry
from rapport.charter import measures, services
from rapport.charter.models import CharterPrinciple, PartnershipCharter
from rapport.charter.sparkline import sparkline
from rapport.customers import services as customer_services
from rapport.feedback.models import Action, Invitation, Response
from rapport.feedback.schedule import SCHEDULE
from rapport.testing.factories import ProjectFactory, ReviewCycleFactory, StakeholderFactory

TODAY = dt.date(2026, 3, 20)


# --- pure functions -----------------------------------------------------------------------------


def test_month_ends_are_the_last_months_oldest_first():
    assert measures.month_ends(TODAY, 3) == [
        dt.date(2026, 1, 31),
        dt.date(2026, 2, 28),
        TODAY,
    ]


def test_share_green_and_no_projects():
    assert measures.share_green(["G", "A", "G", "R"]) == 50.0
    assert measures.share_green([]) is None


def test_open_concerns_count_only_old_and_still_open_ones():
    at = dt.date(2026, 3, 31)
    concerns = [
        (dt.date(2026, 1, 1), None),  # old, open
        (dt.date(2026, 1, 1), dt.date(2026, 2, 1)),  # closed before
        (dt.date(2026, 3, 25), None),  # too recent
        (dt.date(2026, 2, 1), dt.date(2026, 4, 5)),  # closed later: open on ``at``
    ]
    assert measures.open_older_than(concerns, at) == 2


def test_on_time_share_ignores_dropped_and_says_none_without_actions():
    start, end = dt.date(2026, 3, 1), dt.date(2026, 3, 31)
    rows = [
        (dt.date(2026, 3, 10), dt.date(2026, 3, 9), "done"),
        (dt.date(2026, 3, 10), dt.date(2026, 3, 12), "done"),
        (dt.date(2026, 3, 10), None, "dropped"),
        (dt.date(2026, 4, 10), None, "open"),
    ]
    assert measures.on_time_share(rows, start, end) == 50.0
    assert measures.on_time_share([], start, end) is None


def test_principle_answers_keep_only_the_principles_questions_and_pool_exactly():
    codes = {(1, "transparency"), (2, "openness")}
    assert measures.principle_answers(1, {"transparency": 8, "value": 3}, codes) == {
        "transparency": 8
    }
    assert measures.principle_answers(2, {"transparency": 8, "openness": None}, codes) == {}
    assert measures.principle_answers(1, None, codes) == {}
    assert measures.pooled_mean([(16, 2), (21, 3)]) == 7.4
    assert measures.pooled_mean([]) is None


@given(
    st.floats(min_value=0, max_value=100),
    st.floats(min_value=0, max_value=100),
    st.sampled_from(["%", "count", "score"]),
)
def test_rag_is_green_exactly_when_the_target_is_met(value, target, unit):
    up = measures.rag(value, target, higher_is_better=True, unit=unit)
    down = measures.rag(value, target, higher_is_better=False, unit=unit)
    assert (up == "G") == (value >= target)
    assert (down == "G") == (value <= target)
    assert measures.rag(None, target, higher_is_better=True, unit=unit) is None


def test_sparkline_escapes_its_title_and_leaves_gaps():
    series = [(dt.date(2026, 1, 31), None), (dt.date(2026, 2, 28), 3.0), (TODAY, 4.0)]
    svg = sparkline(series, target=5, title="<script>x</script>")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "polyline" in svg


# --- services and pages -------------------------------------------------------------------------


@pytest.fixture
def charter(db, customer, alice):
    return services.start_charter(
        customer, by=alice, agreed_on=dt.date(2026, 1, 10), next_review_on=dt.date(2026, 4, 1)
    )


def test_a_new_charter_has_the_five_default_principles_each_with_a_measure(charter, alice):
    names = [p.name for p in charter.principles.all()]
    assert names == [
        "Strategic alignment",
        "Transparency",
        "Predictability",
        "Reliability",
        "Return on investment",
    ]
    assert all(p.measure in measures.MEASURES for p in charter.principles.all())
    assert AuditEntry.objects.filter(action="charter.charter.created", actor=alice).exists()
    with pytest.raises(ValidationError):
        services.start_charter(charter.customer, by=alice)
    with pytest.raises(ValidationError):
        services.add_principle(charter, by=alice, name="X", measure="made_up", target=1)


def test_measures_without_data_say_so(charter):
    card = services.scorecard(charter, today=TODAY, months=6)
    assert len(card) == 5
    assert all(not row.has_data and row.status is None for row in card)
    assert {row.measure.format(row.latest) for row in card} == {"no data yet"}


@pytest.mark.django_db
def test_measures_with_data(charter, customer, alice, carol):
    ProjectFactory(customer=customer, delivery_status="G", project_manager=carol)
    ProjectFactory(customer=customer, delivery_status="R", project_manager=carol)
    project = ProjectFactory(customer=customer, delivery_status="G", project_manager=carol)
    customer_services.create_concern(
        customer, by=alice, text="Too many forms.", heard_on=dt.date(2026, 1, 5)
    )
    cycle = ReviewCycleFactory(project=project, period="2026-03")
    for n in range(4):
        person = StakeholderFactory(customer=customer)
        invitation = Invitation.objects.create(
            cycle=cycle,
            stakeholder=person,
            expires_at=dt.datetime(2026, 4, 1, tzinfo=dt.UTC),
            used=n < 3,
        )
        if n < 3:
            Response.objects.create(
                project=project,
                cycle=cycle,
                period="2026-03",
                source="survey",
                confidentiality="attributed",
                question_set=cycle.question_set,
                invitation=invitation,
                stakeholder=person,
                scores={"transparency": 6 + n, "value": 9},
                submitted_on=TODAY,
            )
    Action.objects.create(
        project=project,
        cycle=cycle,
        title="Call",
        due=dt.date(2026, 3, 5),
        status="done",
        done_on=dt.date(2026, 3, 4),
    )
    Action.objects.create(project=project, cycle=cycle, title="Fix", due=dt.date(2026, 3, 6))
    services.add_principle(charter, by=alice, name="Listening", measure="response_rate", target=80)
    services.add_principle(
        charter,
        by=alice,
        name="Openness",
        measure="principle_score",
        target=8,
        survey_principle="transparency",
    )
    card = {row.name: row for row in services.scorecard(charter, today=TODAY, months=3)}
    assert card["Predictability"].latest == pytest.approx(100 * 2 / 3, abs=0.1)
    assert card["Predictability"].status == "R"
    assert card["Transparency"].latest == 1 and card["Transparency"].status == "A"
    assert card["Reliability"].latest == 50.0
    assert card["Listening"].latest == 75.0 and card["Listening"].status == "A"
    assert card["Openness"].latest == 7.0
    assert card["Return on investment"].latest == 9.0 and card["Return on investment"].status == "G"
    # Earlier months: the concern was already open but not 30 days old at the end of January.
    assert card["Transparency"].series[0][1] == 0


@pytest.mark.django_db
def test_scorecard_page_per_role_and_query_count(client, charter, alice, erin, carol, project):
    url = reverse("charter:scorecard", args=[charter.customer_id])
    client.force_login(alice)
    with CaptureQueriesContext(connection) as few:
        page = client.get(url).content.decode()
    assert "Transparency" in page and "no data yet" in page and "2026-04-01" in page
    for n in range(5):
        services.add_principle(
            charter, by=alice, name=f"Extra {n}", measure="delivery_green", target=50
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
    client.force_login(erin)
    page = client.get(url).content.decode()
    assert "Transparency" in page and "Edit dates" not in page
    assert client.post(reverse("charter:start", args=[charter.customer_id])).status_code == 403


@pytest.mark.django_db
def test_a_lead_starts_a_charter_from_the_console(client, alice, customer):
    client.force_login(alice)
    url = reverse("charter:scorecard", args=[customer.pk])
    assert "No charter yet." in client.get(url).content.decode()
    client.post(reverse("charter:start", args=[customer.pk]))
    assert PartnershipCharter.objects.get(customer=customer).principles.count() == 5
    principle = CharterPrinciple.objects.get(name="Reliability")
    client.post(
        reverse("charter:principle_edit", args=[customer.pk, principle.pk]),
        {"name": "Reliability", "measure": "response_rate", "target": 70, "position": 4},
    )
    principle.refresh_from_db()
    assert principle.measure == "response_rate" and principle.target == 70


@pytest.mark.django_db
def test_the_review_reminder_goes_out_once_per_review_date(charter, customer, alice):
    customer.relationship_owner = alice
    customer.save()
    assert services.send_charter_reminders(today=dt.date(2026, 3, 10)) == 0, "too early"
    assert services.send_charter_reminders(today=dt.date(2026, 3, 20)) == 1
    assert services.send_charter_reminders(today=dt.date(2026, 3, 21)) == 0, "only once"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [alice.email]
    assert customer.name in mail.outbox[0].subject
    services.update_charter(charter, by=alice, next_review_on=dt.date(2026, 9, 1))
    assert services.send_charter_reminders(today=dt.date(2026, 8, 25)) == 1, "new date, new one"
    assert AuditEntry.objects.filter(action="charter.review.reminded").count() == 2


def test_the_reminder_is_registered_in_the_schedule():
    assert "charter-reminders" in SCHEDULE
