"""Service functions for listening, journeys, pain points and concerns: rules and audit log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rapport.audit.models import AuditEntry
from rapport.customers import services
from rapport.customers.models import (
    DEFAULT_STAGES,
    ConcernStatus,
    JourneyStage,
    ListeningQuestion,
    PainStatus,
)
from rapport.testing.factories import StakeholderFactory

pytestmark = pytest.mark.django_db


def _actions() -> list[str]:
    return list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))


def test_listening_session_records_attendees_and_is_audited(alice, customer, stakeholder):
    session = services.create_listening_session(
        customer,
        by=alice,
        attendees=[stakeholder],
        others_present="A guest",
        questions=["What matters most?"],
        story="We wait too long.",
        is_private=True,
    )
    assert list(session.attendees.all()) == [stakeholder]
    assert session.recorded_by == alice
    entry = AuditEntry.objects.get(action="customers.listening_session.created")
    assert entry.changes["attendees"] == ["Olivia Walker"] and entry.actor == alice


def test_attendees_must_belong_to_the_customer(alice, customer, other_customer):
    stranger = StakeholderFactory(customer=other_customer)
    with pytest.raises(ValidationError):
        services.create_listening_session(customer, by=alice, attendees=[stranger])
    assert not customer.listening_sessions.exists()
    assert "customers.listening_session.created" not in _actions()


def test_updating_a_session_records_only_what_changed(alice, customer, stakeholder):
    session = services.create_listening_session(customer, by=alice, story="Before")
    assert services.update_listening_session(session, by=alice, story="Before") == {}
    diff = services.update_listening_session(
        session, by=alice, story="After", attendees=[stakeholder]
    )
    assert diff["story"] == ["Before", "After"] and diff["attendees"] == [[], ["Olivia Walker"]]


def test_value_statements_are_weighted_1_to_5(alice, customer):
    session = services.create_listening_session(customer, by=alice)
    statement = services.add_value_statement(session, by=alice, text=" Fewer forms ", weight=5)
    assert statement.text == "Fewer forms" and statement.session == session
    with pytest.raises(ValidationError):
        services.add_value_statement(session, by=alice, text="Too heavy", weight=6)
    with pytest.raises(ValidationError):
        services.add_value_statement(session, by=alice, text="", weight=3)
    assert session.value_statements.count() == 1
    services.remove_value_statement(statement, by=alice)
    assert "customers.value_statement.removed" in _actions()


def test_default_question_prompts_are_seeded_and_editable(alice):
    seeded = ListeningQuestion.objects.count()
    assert seeded >= 10, "the data migration seeds a prompt list"
    question = services.create_listening_question(by=alice, text="What keeps you up at night?")
    assert question.position == ListeningQuestion.objects.order_by("-position")[0].position
    services.update_listening_question(question, by=alice, is_active=False, position=None)
    question.refresh_from_db()
    assert question.is_active is False


def test_journey_starts_with_the_default_stages_once(alice, customer):
    stages = services.ensure_journey(customer, by=alice)
    assert [s.name for s in stages] == list(DEFAULT_STAGES)
    assert services.ensure_journey(customer, by=alice) == stages
    assert _actions().count("customers.journey.created") == 1


def test_stages_can_be_added_renamed_reordered_and_removed(alice, customer):
    services.ensure_journey(customer, by=alice)
    extra = services.add_journey_stage(customer, by=alice, name="Support", experience=-1)
    assert extra.position == len(DEFAULT_STAGES) + 1
    services.update_journey_stage(extra, by=alice, name="After-care")
    services.move_journey_stage(extra, by=alice, offset=-10)  # clamps at the start
    names = list(customer.journey_stages.values_list("name", flat=True))
    assert names[0] == "After-care" and names[1:] == list(DEFAULT_STAGES)
    services.remove_journey_stage(JourneyStage.objects.get(name="After-care"), by=alice)
    assert list(customer.journey_stages.values_list("name", flat=True)) == list(DEFAULT_STAGES)
    assert {"customers.journey_stage.moved", "customers.journey_stage.removed"} <= set(_actions())


def test_stage_names_are_unique_per_customer_and_experience_in_range(alice, customer):
    services.ensure_journey(customer, by=alice)
    with pytest.raises(ValidationError):
        services.add_journey_stage(customer, by=alice, name="intake")
    stage = customer.journey_stages.first()
    with pytest.raises(ValidationError):
        services.update_journey_stage(stage, by=alice, experience=3)


def test_a_stage_with_pains_cannot_be_removed(alice, customer):
    stage = services.ensure_journey(customer, by=alice)[1]
    services.create_pain_point(customer, by=alice, stage=stage, description="Slow")
    with pytest.raises(ValidationError, match="still has pain points"):
        services.remove_journey_stage(stage, by=alice)
    assert JourneyStage.objects.filter(pk=stage.pk).exists()


def test_pain_points_belong_to_a_stage_of_the_same_customer(alice, customer, other_customer):
    stage = services.ensure_journey(customer, by=alice)[0]
    pain = services.create_pain_point(
        customer,
        by=alice,
        stage=stage,
        description="Nobody tells us",
        severity=5,
        frequency="weekly",
        source="concern",
    )
    assert pain.status == PainStatus.OPEN
    other_stage = services.ensure_journey(other_customer, by=alice)[0]
    with pytest.raises(ValidationError):
        services.create_pain_point(customer, by=alice, stage=other_stage, description="x")
    with pytest.raises(ValidationError):
        services.create_pain_point(customer, by=alice, stage=stage, description="x", severity=0)
    services.address_pain_point(pain, by=alice)
    pain.refresh_from_db()
    assert pain.status == PainStatus.ADDRESSED
    assert _actions().count("customers.pain_point.updated") == 1


def test_concern_moves_through_its_states_and_each_step_is_audited(alice, customer, stakeholder):
    heard = dt.date(2026, 1, 10)
    concern = services.create_concern(
        customer, by=alice, text="Late again", raised_by=stakeholder, heard_on=heard
    )
    assert concern.status == ConcernStatus.OPEN and concern.who == "Olivia Walker"
    concern = services.transition_concern(
        concern, "responded", by=alice, response="We moved the date.", today=dt.date(2026, 1, 12)
    )
    concern = services.transition_concern(concern, "resolved", by=alice, today=dt.date(2026, 1, 20))
    assert concern.closed_on == dt.date(2026, 1, 20) and concern.days_open() == 10
    concern = services.transition_concern(concern, "confirmed", by=alice, today=dt.date(2026, 2, 1))
    assert concern.closed_on == dt.date(2026, 1, 20)
    assert [a for a in _actions() if a.startswith("customers.concern.")] == [
        "customers.concern.created",
        "customers.concern.responded",
        "customers.concern.resolved",
        "customers.concern.confirmed",
    ]


@pytest.mark.parametrize(
    ("path", "illegal"),
    [
        ([], "resolved"),
        ([], "confirmed"),
        (["responded"], "confirmed"),
        (["responded", "resolved", "confirmed"], "open"),
    ],
)
def test_illegal_concern_transitions_are_refused_with_a_clear_error(alice, customer, path, illegal):
    concern = services.create_concern(customer, by=alice, text="Too many forms")
    for step in path:
        concern = services.transition_concern(concern, step, by=alice, response="Answered.")
    with pytest.raises(ValidationError, match=f"cannot go from {concern.status} to {illegal}"):
        services.transition_concern(concern, illegal, by=alice)
    concern.refresh_from_db()
    assert concern.status == (path[-1] if path else "open")


def test_a_response_is_needed_to_mark_a_concern_responded(alice, customer):
    concern = services.create_concern(customer, by=alice, text="Too many forms")
    with pytest.raises(ValidationError):
        services.transition_concern(concern, "responded", by=alice, response="  ")
    concern.refresh_from_db()
    assert concern.status == "open" and concern.response == ""


def test_reopening_a_concern_restarts_its_clock(alice, customer):
    concern = services.create_concern(
        customer, by=alice, text="Still broken", heard_on=dt.date(2026, 1, 1)
    )
    concern = services.transition_concern(concern, "responded", by=alice, response="On it")
    concern = services.transition_concern(concern, "resolved", by=alice, today=dt.date(2026, 1, 5))
    concern = services.transition_concern(concern, "open", by=alice)
    assert concern.closed_on is None
    assert concern.days_open(dt.date(2026, 3, 1)) == 59


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(ConcernStatus.values), max_size=8))
def test_any_sequence_of_requests_only_takes_legal_steps(alice, customer, requests):
    concern = services.create_concern(customer, by=alice, text="Any path")
    status, moves = "open", 0
    for to in requests:
        legal = to in services.CONCERN_TRANSITIONS[status]
        try:
            concern = services.transition_concern(concern, to, by=alice, response="Answered.")
        except ValidationError:
            assert not legal
        else:
            assert legal
            status, moves = to, moves + 1
    concern.refresh_from_db()
    assert concern.status == status
    assert (
        AuditEntry.objects.filter(
            object_id=str(concern.pk), action__startswith="customers.concern."
        )
        .exclude(action="customers.concern.created")
        .count()
        == moves
    )


@pytest.mark.parametrize("other", ["qa ünïcode çafé", "QA ÜNÏCODE ÇAFÉ ", "Qa Ünïcode Çafé"])
def test_a_customer_name_differing_only_by_case_is_refused_in_every_alphabet(alice, other):
    from django.core.exceptions import ValidationError

    from rapport.customers import services as customer_services
    from rapport.customers.models import Customer

    first = customer_services.create_customer(by=alice, name="QA Ünïcode Çafé")
    with pytest.raises(ValidationError, match="already exists"):
        customer_services.create_customer(by=alice, name=other)
    second = customer_services.create_customer(by=alice, name="Another one")
    with pytest.raises(ValidationError, match="already exists"):
        customer_services.update_customer(second, by=alice, name=other)
    # Renaming a customer to its own name in another case is fine.
    customer_services.update_customer(first, by=alice, name="QA ÜNÏCODE Çafé")
    assert Customer.objects.count() == 2
