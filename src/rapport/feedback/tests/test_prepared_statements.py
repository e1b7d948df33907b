"""``statement_cursor``: on PostgreSQL the hot path's fixed statements are prepared once per
connection (their plan kept), with the same rows, errors and query logging as Django's cursor;
elsewhere, or with prepared statements turned off, it is Django's own cursor."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rapport.feedback import services
from rapport.feedback.services.links import find_link, issue_link
from rapport.ops.statements import prepares, statement_cursor

pytestmark = pytest.mark.django_db

LOOKUP = "SELECT id, name FROM portfolio_project WHERE id = %s"


def _prepared_count(text: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", [f"%{text}%"]
        )
        return int(cursor.fetchone()[0])


def _cycle(project, carol):
    cycle = services.plan_cycle(project, "2026-03", by=carol, mode="email")
    services.open_cycle(cycle, by=carol)
    return cycle


def test_sqlite_and_postgres_without_prepared_statements_use_djangos_cursor():
    if connection.vendor == "postgresql":
        options = connection.settings_dict["OPTIONS"]
        saved = options.pop("prepare_threshold", None)
        try:
            assert not prepares(connection)
            with statement_cursor(connection) as cursor:
                assert type(cursor.cursor).__name__ != "PreparingCursor"
        finally:
            if saved is not None:
                options["prepare_threshold"] = saved
    else:
        assert not prepares(connection)
        with statement_cursor(connection) as cursor:
            cursor.execute("SELECT 1")
            assert cursor.fetchone() == (1,)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_postgres_prepares_the_statement_once_and_keeps_the_rows_and_logging(
    project, feedback_givers, carol
):
    assert prepares(connection)
    cycle = _cycle(project, carol)
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            with statement_cursor(connection) as cursor:
                cursor.execute(LOOKUP, [project.pk])
                assert cursor.fetchone() == (project.pk, project.name)
    # Every run is logged as Django's cursor logs it; the statement is prepared once.
    assert [q["sql"].split(" WHERE")[0] for q in queries] == [
        "SELECT id, name FROM portfolio_project"
    ] * 3
    assert _prepared_count("FROM portfolio_project WHERE id = $1") == 1

    # The survey link's lookup: the same values as before, times in the right zone.
    invitation = cycle.invitations.order_by("pk").first()
    token = issue_link(invitation)
    link = find_link(token)
    again = find_link(token)
    assert link == again and link is not None
    assert (link.invitation_id, link.project_name) == (invitation.pk, "Branch booking")
    assert link.expires_at == invitation.expires_at
    assert link.expires_at.tzinfo is not None
    assert _prepared_count("feedback_invitationlink") >= 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_postgres_errors_are_djangos_and_the_transaction_rolls_back(project):
    with (
        pytest.raises(IntegrityError),
        transaction.atomic(),
        statement_cursor(connection) as cursor,
    ):
        cursor.execute("UPDATE portfolio_project SET name = %s WHERE id = %s", [None, project.pk])
    project.refresh_from_db()
    assert project.name == "Branch booking"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_postgres_reads_times_in_the_connections_time_zone(project, feedback_givers, carol):
    cycle = _cycle(project, carol)
    when = timezone.now().replace(microsecond=0)
    type(cycle).objects.filter(pk=cycle.pk).update(opened_at=when)
    with statement_cursor(connection) as cursor:
        cursor.execute("SELECT opened_at FROM feedback_reviewcycle WHERE id = %s", [cycle.pk])
        (value,) = cursor.fetchone()
    assert value == when and value.utcoffset() == dt.timedelta(0)
