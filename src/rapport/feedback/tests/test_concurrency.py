"""Double clicks, retries and concurrent submits never count twice."""

from __future__ import annotations

import threading

import pytest
from django.db import IntegrityError, close_old_connections, connection, transaction

from rapport.feedback import services
from rapport.feedback.models import Response


@pytest.mark.django_db
def test_database_allows_one_response_per_invitation(email_cycle):
    invitation = email_cycle.invitations.first()
    services.submit_response(invitation, {"overall": 6})
    first = Response.objects.get()
    duplicate = Response(
        project=first.project,
        cycle=first.cycle,
        period=first.period,
        source=first.source,
        confidentiality=first.confidentiality,
        question_set=first.question_set,
        invitation=invitation,
        submitted_on=first.submitted_on,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save(force_insert=True)


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_submits_produce_one_response(project, carol, feedback_givers):
    if connection.vendor != "postgresql":
        pytest.skip("Real concurrent transactions need PostgreSQL (SQLite serialises writers).")
    project.customer.preferred_channel = "email"
    project.customer.save()
    cycle = services.plan_cycle(project, "2026-03", by=carol)
    services.open_cycle(cycle, by=carol)
    invitation = cycle.invitations.first()
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def submit(score: int) -> None:
        try:
            barrier.wait()
            services.submit_response(invitation, {"overall": score})
        except BaseException as exc:
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=submit, args=(s,)) for s in (5, 6, 7, 8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert Response.objects.filter(invitation=invitation).count() == 1
    assert Response.objects.get().overall in {5, 6, 7, 8}


@pytest.mark.django_db(transaction=True)
def test_concurrent_anonymous_submits_count_once(project, carol, feedback_givers):
    if connection.vendor != "postgresql":
        pytest.skip("Real concurrent transactions need PostgreSQL (SQLite serialises writers).")
    project.customer.preferred_channel = "email"
    project.customer.feedback_culture = "anonymous"
    project.customer.save()
    cycle = services.plan_cycle(project, "2026-03", by=carol)
    services.open_cycle(cycle, by=carol)
    invitation = cycle.invitations.first()
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def submit() -> None:
        try:
            barrier.wait()
            services.submit_response(invitation, {"overall": 7})
            outcomes.append("ok")
        except services.SurveyClosed:
            outcomes.append("refused")
        finally:
            close_old_connections()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused", "refused", "refused"]
    assert Response.objects.filter(cycle=cycle).count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_answer_waits_for_a_state_change_of_its_review(project, carol, feedback_givers):
    """The answer's lookup locks the review's row: an answer that arrives while the review is
    being cancelled waits, then sees it cancelled and records nothing."""
    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL (SQLite serialises writers).")
    import time

    from rapport.feedback.states import transition

    project.customer.preferred_channel = "email"
    project.customer.save()
    cycle = services.plan_cycle(project, "2026-03", by=carol)
    services.open_cycle(cycle, by=carol)
    invitation = cycle.invitations.first()
    locked = threading.Event()
    outcome: list[str] = []

    def cancel() -> None:
        try:
            with transaction.atomic():
                transition(cycle, "cancelled", carol)
                locked.set()
                time.sleep(0.5)  # the answer arrives meanwhile
        finally:
            close_old_connections()

    def answer() -> None:
        try:
            locked.wait(5)
            services.submit_response(invitation, {"overall": 9})
            outcome.append("recorded")
        except services.SurveyClosed as exc:
            outcome.append(exc.code)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=cancel), threading.Thread(target=answer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcome == ["closed"]
    assert not Response.objects.filter(cycle=cycle).exists()
