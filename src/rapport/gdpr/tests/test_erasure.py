"""A stakeholder exported and erased: the export holds every row about
them, and after erasure no row names them while the figures the privacy rules allow stay the
same (the issue's "done when")."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone

from rapport.audit.models import AuditEntry
from rapport.customers.models import Stakeholder
from rapport.disclosure.release import block_sums, load_partition
from rapport.feedback.models import Response
from rapport.gdpr import services
from rapport.insights.models import HealthSnapshot
from rapport.insights.services import recompute_health
from rapport.reports.models import ReportRequest

pytestmark = pytest.mark.django_db(transaction=False)

SKIP = {"sessions.session", "accounts.user"}


def _rows_naming(person: Stakeholder, texts: list[str]) -> Iterator[tuple[str, Any, str]]:
    """Every (table, pk, column) of every row that links to ``person`` or holds one of
    ``texts``: a plain scan of every value, independent of the code under test."""
    lowered = [t.lower() for t in texts]
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in SKIP:
            continue
        fields = model._meta.concrete_fields
        names = [f.attname for f in fields]
        for values in model._default_manager.order_by().values_list(*names):
            pk = values[names.index(model._meta.pk.attname)]
            for f, value in zip(fields, values, strict=True):
                if isinstance(f, models.ForeignKey) and f.related_model is Stakeholder:
                    if value == person.pk and label != "customers.stakeholder":
                        yield label, pk, f.name
                elif model is Stakeholder and f.primary_key and value == person.pk:
                    yield label, pk, f.name
                elif isinstance(value, bytes | memoryview):
                    if any(t in bytes(value).decode(errors="ignore").lower() for t in lowered):
                        yield label, pk, f.name
                elif value is not None and not isinstance(value, int | float | bool):
                    text = json.dumps(value, ensure_ascii=False, default=str).lower()
                    if any(t in text for t in lowered):
                        yield label, pk, f.name


def _words(person: Stakeholder, words: list[str]) -> list[tuple[str, Any, str]]:
    """The text values holding one of ``words`` (not the keys that link rows to ``person``)."""
    return [r for r in _rows_naming(person, words) if r[2] not in {"stakeholder", "id"}]


def _figures() -> dict[str, Any]:
    """What the rules allow a reader to see: every released block with its people and sums,
    and every health snapshot's figures after a full recompute."""
    partition = load_partition()
    rows = [{"id": r.id, "scores": r.scores} for r in Response.objects.all()]
    blocks = {}
    for block in partition.released():
        codes = sorted({c for r in rows if r["id"] in block.answer_ids for c in r["scores"]})
        blocks[block.key] = (
            block.respondents,
            sorted(str(a) for a in block.answer_ids),
            block_sums(block, rows, codes, partition),
        )
    assert blocks, "the portfolio has released blocks"
    recompute_health(notify=False)
    health = sorted(
        HealthSnapshot.objects.values_list(
            "project_id", "period", "n", "mean", "adjusted", "theta", "low", "high"
        )
    )
    assert any(row[5] is not None for row in health), "the health review has figures"
    return {"blocks": blocks, "health": health}


def test_export_holds_every_row_about_them(zelda, alice):
    person = zelda
    document = json.loads(services.export_stakeholder(person, by=alice))
    exported = {
        (label, str(r[next(iter(r))]))  # the first column is the primary key
        for label, table in document["tables"].items()
        for r in table["rows"]
    }
    found = {(label, str(pk)) for label, pk, _ in _rows_naming(person, [person.name, person.email])}
    assert len(found) > 20, "the fixture puts them in many tables"
    missing = found - exported
    assert not missing, f"rows about them missing from the export: {sorted(missing)[:10]}"
    assert document["tables"]["customers.stakeholder"]["rows"][0]["email"] == person.email
    assert document["tables"]["feedback.response"]["rows"]
    text = json.dumps(document)
    assert "token_hash" not in text


def test_erasure_leaves_no_trace_and_keeps_the_figures(zelda, alice):
    person = zelda
    name, email = person.name, person.email
    answers = Response.objects.filter(stakeholder=person).count()
    assert answers
    # Their own words: an answer's comment, a concern, an issue raised from their answer.
    words = ["the cranes are late", "Nobody answers the phone at night", "Crane 4 keeps stopping"]
    assert len(_words(person, words)) >= 4
    before = _figures()

    done = services.erase_stakeholder(person, by=alice)

    leftovers = list(_rows_naming(person, [name, email]))
    named = [(label, pk, col) for label, pk, col in leftovers if col not in {"stakeholder", "id"}]
    assert named == [], f"rows still naming them: {named[:10]}"
    assert _words(person, words) == []  # the audit log's record of the changes included
    person.refresh_from_db()
    assert (person.name, person.email, person.role, person.is_active) == (
        services.ERASED_NAME,
        "",
        "",
        False,
    )
    assert Response.objects.filter(stakeholder=person).count() == answers
    assert not Response.objects.filter(stakeholder=person).exclude(comment="").exists()
    assert _figures() == before
    # The customer's PDF review pack could name them (compressed, unreadable): gone.
    assert not ReportRequest.objects.filter(kind="customer", subject_id=person.customer_id)
    entry = AuditEntry.objects.get(action="gdpr.stakeholder.erased")
    assert (entry.object_type, entry.object_id, entry.object_repr) == ("", "", "")
    assert name.lower() not in json.dumps(entry.changes).lower()
    assert (
        entry.changes["answers kept without name"]
        == answers
        == done.counts["answers kept without name"]
    )


def test_erasing_twice_is_refused_and_changes_nothing(zelda, alice):
    services.erase_stakeholder(zelda, by=alice)
    entries = AuditEntry.objects.count()
    with pytest.raises(Exception, match="already erased"):
        services.erase_stakeholder(zelda, by=alice)
    assert AuditEntry.objects.count() == entries


def test_retention_erases_only_those_out_of_contact(zelda):
    later = timezone.now() + dt.timedelta(days=31 * 30)
    assert services.erase_inactive(0, now=later) == 0  # off by default
    recent_cutoff = services.months_ago(timezone.now(), 1)
    in_touch = Stakeholder.objects.filter(invitations__sent_at__gte=recent_cutoff).distinct()
    assert in_touch.exists()
    erased = services.erase_inactive(1)
    assert not any(services.is_erased(s) for s in in_touch)
    silent = Stakeholder.objects.filter(is_active=False, name=services.ERASED_NAME)
    assert silent.count() == erased
    # Everyone is out of contact 30 months from now.
    assert services.erase_inactive(24, now=later) == Stakeholder.objects.count() - erased


def test_the_schedule_runs_the_retention_rule(zelda, settings):
    from rapport.feedback.schedule import SCHEDULE, run_all
    from rapport.testing.factories import StakeholderFactory

    assert "erase-after-retention" in SCHEDULE
    silent = StakeholderFactory(
        customer=zelda.customer, created_at=timezone.now() - dt.timedelta(days=90)
    )
    settings.RAPPORT_RETENTION_MONTHS = 0
    assert run_all(["erase-after-retention"]) == {"erase-after-retention": 0}
    settings.RAPPORT_RETENTION_MONTHS = 1
    erased = run_all(["erase-after-retention"])["erase-after-retention"]
    zelda.refresh_from_db()
    silent.refresh_from_db()
    assert erased == 1 and services.is_erased(silent)
    assert not services.is_erased(zelda)  # invited and answered recently: kept


def test_erasure_forgets_checked_import_files_that_may_name_them(zelda, alice):
    """A dry run's file kept to be applied: forgotten when it names them, and when it is a
    workbook no text search can read; another plain file stays and can still be applied."""
    from rapport.imports.models import ImportJob

    kept_until = timezone.now() + dt.timedelta(hours=4)

    def checked(filename: str, data: bytes) -> ImportJob:
        return ImportJob.objects.create(
            kind="stakeholders",
            filename=filename,
            data=data,
            by=alice,
            state="done",
            kept_until=kept_until,
        )

    naming = checked("people.csv", f"email,name\n{zelda.email.upper()},Z\n".encode())
    workbook = checked("people.xlsx", b"PK\x03\x04 compressed")
    other = checked("others.csv", b"email,name\nsomeone@else.test,S\n")

    services.erase_stakeholder(zelda, by=alice)

    for job in (naming, workbook):
        job.refresh_from_db()
        assert bytes(job.data) == b"" and job.kept_until is None and not job.can_apply
    other.refresh_from_db()
    assert bytes(other.data) == b"email,name\nsomeone@else.test,S\n" and other.can_apply
