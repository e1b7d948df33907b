"""The bulk writer: rows as the ORM would store them, database errors as Django's own, and the
indexes dropped for a large write built again (or kept, when the write fails), a unique one
still refusing a duplicate."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from rapport.customers.models import Customer, Stakeholder
from rapport.feedback.models import Response, ReviewCycle
from rapport.feedback.services import default_question_set
from rapport.imports.bulk import atomic_with_parents_checked_once, indexes_built_after, insert_rows
from rapport.portfolio.models import Project, ProjectStakeholder

pytestmark = pytest.mark.django_db
TABLE = ProjectStakeholder._meta.db_table
FIELDS = ["project", "stakeholder", "role_on_project", "gives_feedback"]


def _indexes() -> set[tuple[tuple[str, ...], bool]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, TABLE)
    return {(tuple(c["columns"]), c["unique"]) for c in constraints.values() if c["index"]}


@pytest.fixture
def people() -> tuple[Project, list[Stakeholder]]:
    customer = Customer.objects.create(name="Group Finance")
    project = Project.objects.create(name="Ledger", customer=customer)
    stakeholders = Stakeholder.objects.bulk_create(
        Stakeholder(customer=customer, name=f"P {i}", email=f"p{i}@finance.test") for i in range(60)
    )
    return project, stakeholders


def _rows(project: Project, stakeholders: list[Stakeholder]) -> list[tuple]:
    return [(project.pk, s.pk, f"Role {s.pk}", s.pk % 2 == 0) for s in stakeholders]


def test_inserted_rows_read_back_as_the_orm_stores_them(people) -> None:
    project, stakeholders = people
    now = timezone.now()
    count = insert_rows(
        ProjectStakeholder, FIELDS, iter(_rows(project, stakeholders)), same={"added_at": now}
    )
    assert count == 60
    stored = ProjectStakeholder.objects.get(project=project, stakeholder=stakeholders[7])
    assert (stored.role_on_project, stored.gives_feedback) == (
        f"Role {stakeholders[7].pk}",
        stakeholders[7].pk % 2 == 0,
    )
    assert stored.added_at == now


def test_a_constraint_failure_is_djangos_integrity_error_and_writes_nothing(people) -> None:
    project, stakeholders = people
    rows = _rows(project, stakeholders[:3]) + _rows(project, stakeholders[:1])  # one twice
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(ProjectStakeholder, FIELDS, rows, same={"added_at": timezone.now()})
    assert not ProjectStakeholder.objects.exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="only SQLite drops indexes")
def test_a_large_write_builds_the_indexes_again(people) -> None:
    project, stakeholders = people
    before = _indexes()
    with transaction.atomic(), indexes_built_after(ProjectStakeholder, rows=60):
        during = _indexes()
        insert_rows(
            ProjectStakeholder,
            FIELDS,
            _rows(project, stakeholders),
            same={"added_at": timezone.now()},
        )
    assert during < before
    # The plain indexes went; the unique pair's, built with the table, cannot go and stays.
    assert {unique for _, unique in before - during} == {False}
    assert _indexes() == before
    assert ProjectStakeholder.objects.filter(project=project).count() == 60


@pytest.mark.skipif(connection.vendor != "sqlite", reason="only SQLite drops indexes")
def test_a_small_write_or_a_failed_one_keeps_the_indexes(people) -> None:
    project, stakeholders = people
    before = _indexes()
    insert_rows(
        ProjectStakeholder,
        FIELDS,
        _rows(project, stakeholders[:50]),
        same={"added_at": timezone.now()},
    )
    with transaction.atomic(), indexes_built_after(ProjectStakeholder, rows=10):
        assert _indexes() == before  # 10 new rows beside 50: updated in place
    # One again: the unique index, built again after the write, refuses it; nothing is kept.
    rows = _rows(project, stakeholders[50:]) + _rows(project, stakeholders[:1])
    with (
        pytest.raises(IntegrityError),
        transaction.atomic(),
        indexes_built_after(ProjectStakeholder, rows=60),
    ):
        insert_rows(ProjectStakeholder, FIELDS, rows, same={"added_at": timezone.now()})
    assert _indexes() == before
    assert ProjectStakeholder.objects.count() == 50


def _foreign_keys_on() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys")
        return bool(cursor.fetchone()[0])


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's per-row checks only")
@pytest.mark.django_db(transaction=True)
def test_rows_checked_once_against_their_parents_before_the_commit(people) -> None:
    project, stakeholders = people
    with atomic_with_parents_checked_once():
        assert not _foreign_keys_on()  # no per-row checks while it writes
        insert_rows(
            ProjectStakeholder,
            FIELDS,
            _rows(project, stakeholders[:5]),
            same={"added_at": timezone.now()},
        )
    assert _foreign_keys_on()
    assert ProjectStakeholder.objects.count() == 5
    # A row naming a stakeholder that does not exist: refused as the per-row check would, and
    # nothing of the transaction is kept; checked through the indexes (the write doubles the
    # table) and row by row (it does not).
    for good in (stakeholders[5:10], []):
        rows = [*_rows(project, good), (project.pk, 999_999, "Ghost", True)]
        with (
            pytest.raises(IntegrityError, match="portfolio_projectstakeholder"),
            atomic_with_parents_checked_once(),
        ):
            insert_rows(ProjectStakeholder, FIELDS, rows, same={"added_at": timezone.now()})
        assert _foreign_keys_on()
        assert ProjectStakeholder.objects.count() == 5


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's per-row checks only")
def test_inside_another_transaction_every_row_is_checked_as_it_comes() -> None:
    with atomic_with_parents_checked_once():
        assert _foreign_keys_on()  # the pragma cannot change inside a transaction


def test_many_statements_and_a_remainder_write_every_row_in_its_columns(people) -> None:
    project, stakeholders = people
    projects = [project] + [
        Project.objects.create(name=f"Ledger {i}", customer=project.customer) for i in range(20)
    ]
    rows = [row for p in projects for row in _rows(p, stakeholders)]  # 1,260: full statements
    count = insert_rows(ProjectStakeholder, FIELDS, iter(rows), same={"added_at": timezone.now()})
    assert count == len(rows) == ProjectStakeholder.objects.count() == 1260
    stored = set(
        ProjectStakeholder.objects.values_list(
            "project", "stakeholder", "role_on_project", "gives_feedback"
        )
    )
    assert stored == set(rows)


def _response_indexes() -> set[tuple[tuple[str, ...], bool]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Response._meta.db_table)
    return {(tuple(c["columns"]), c["unique"]) for c in constraints.values() if c["index"]}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="only SQLite drops indexes")
def test_a_unique_index_dropped_for_the_write_still_refuses_a_duplicate(people) -> None:
    project, _ = people
    cycle = ReviewCycle.objects.create(
        project=project, period="2025-03", question_set=default_question_set()
    )
    before = _response_indexes()
    fields = ["id", "project", "cycle", "period", "source", "language", "confidentiality"]
    fields += ["question_set", "respondent_role", "scores", "overall", "comment", "is_complete"]
    fields += ["submitted_on", "import_key"]

    def row(n: int, key: bytes) -> tuple:
        what = ("meeting", "en", "named", cycle.question_set_id, "", '{"overall": 7}', 7, "")
        return (f"{n:032x}", project.pk, cycle.pk, "2025-03", *what, True, "2025-03-01", key)

    with transaction.atomic(), indexes_built_after(Response, rows=2):
        during = _response_indexes()
        insert_rows(Response, fields, [row(1, b"a" * 32), row(2, b"b" * 32)])
    assert (("import_key",), True) in before - during  # dropped for the write
    assert _response_indexes() == before  # and built again
    with (
        pytest.raises(IntegrityError),
        transaction.atomic(),
        indexes_built_after(Response, rows=4),
    ):
        insert_rows(Response, fields, [row(3, b"c" * 32), row(4, b"a" * 32)])  # a key again
    assert _response_indexes() == before
    assert sorted(Response.objects.values_list("import_key", flat=True)) == [b"a" * 32, b"b" * 32]


def test_awkward_text_and_empty_values_are_stored_as_they_are(people) -> None:
    # On PostgreSQL the rows go through COPY's text format: tabs, line breaks, backslashes and
    # the markers that format uses (\N for NULL, \. for the end) must come back unchanged.
    project, stakeholders = people
    awkward = ["a\tb", "line 1\nline 2\r\n", "back\\slash \\N", "\\.", "", "ünï 🙂"]
    rows = [(project.pk, s.pk, text, True) for s, text in zip(stakeholders, awkward, strict=False)]
    insert_rows(ProjectStakeholder, FIELDS, rows, same={"added_at": timezone.now()})
    stored = dict(
        ProjectStakeholder.objects.filter(project=project).values_list(
            "stakeholder_id", "role_on_project"
        )
    )
    assert [stored[s.pk] for s in stakeholders[: len(awkward)]] == awkward
