"""History import: projects and responses files, dry run, all-or-nothing, idempotent re-import."""

from __future__ import annotations

import pytest
from django.core.management.base import CommandError

from rapport.accounts.models import Role, User
from rapport.customers.models import Customer, Stakeholder
from rapport.feedback.models import Response, ReviewCycle
from rapport.insights.models import Alert, HealthSnapshot
from rapport.insights.tests.history import SAMPLES, import_samples, run, write_csv
from rapport.portfolio.models import Project

pytestmark = pytest.mark.django_db


def test_projects_import_creates_customers_and_managers_without_passwords():
    out, _ = run("import_data", "projects", str(SAMPLES / "projects.csv"))
    assert "would give 10 created" in out
    assert not Project.objects.exists()  # a dry run changes nothing
    run("import_data", "projects", str(SAMPLES / "projects.csv"), "--commit")
    assert Project.objects.count() == 10
    assert set(Customer.objects.values_list("name", flat=True)) == {
        "Northwind Retail",
        "Contoso Health",
        "Fabrikam Logistics",
    }
    manager = User.objects.get(email="tom.reed@example.org")
    assert manager.role == Role.PROJECT_MANAGER
    assert not manager.has_usable_password()
    his04 = Project.objects.get(code="HIS-04")
    assert (his04.complexity, his04.site, his04.delivery_status) == (5, "site", "A")
    out, _ = run("import_data", "projects", str(SAMPLES / "projects.csv"), "--commit")
    assert "0 created, 0 updated, 10 unchanged" in out


def test_responses_import_is_idempotent_and_recomputes(tmp_path):
    out, err = import_samples(tmp_path)
    assert "420 created" in out
    assert "Health recomputed for every period" in err
    assert "adjusting periods" in err  # progress on stderr
    assert Response.objects.count() == 420
    assert ReviewCycle.objects.filter(state="closed").count() == 140
    anonymous = Response.objects.filter(project__code="HIS-10")
    assert anonymous.count() == 42
    assert not anonymous.exclude(confidentiality="anonymous").exists()
    assert not anonymous.filter(stakeholder__isnull=False).exists()
    assert HealthSnapshot.objects.count() == 140
    snapshots, alerts = HealthSnapshot.objects.count(), Alert.objects.count()

    out, _ = run("import_data", "responses", str(SAMPLES / "responses.csv"), "--commit")
    assert "0 created, 0 updated, 420 unchanged" in out
    assert Response.objects.count() == Response.objects.filter(import_key__isnull=False).count()
    assert Response.objects.count() == 420
    assert (HealthSnapshot.objects.count(), Alert.objects.count()) == (snapshots, alerts)


def test_unknown_respondent_becomes_a_stakeholder_of_the_projects_customer(tmp_path):
    import_samples(tmp_path)
    person = Stakeholder.objects.get(email="sponsor.his-04@contoso.example")
    assert person.customer.name == "Contoso Health"
    assert Project.objects.get(code="HIS-04").memberships.filter(stakeholder=person).exists()


def test_bad_lines_are_all_reported_and_nothing_changes(tmp_path):
    run("import_data", "projects", str(SAMPLES / "projects.csv"), "--commit")
    path = write_csv(
        tmp_path / "bad.csv",
        ["project", "period", "respondent", "mode", "overall"],
        [
            ["HIS-01", "2025-01", "a@x.example", "meeting", "8"],
            ["NOPE", "2025-01", "", "call", "7"],
            ["HIS-01", "2025-13", "", "email", "11"],
        ],
    )
    with pytest.raises(CommandError, match="3 problem"):
        run("import_data", "responses", str(path), "--commit")
    assert not Response.objects.exists()
    assert not ReviewCycle.objects.exists()


def test_a_committed_history_import_is_one_audit_entry(tmp_path):
    from rapport.audit.models import AuditEntry

    run("import_data", "projects", str(SAMPLES / "projects.csv"), "--commit")
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    run("import_data", "responses", str(SAMPLES / "responses.csv"), "--commit")
    imported = list(AuditEntry.objects.filter(pk__gt=last, action="imports.file.imported"))
    assert len(imported) == 1 and imported[0].changes["created"] == 420
    assert len(imported[0].changes["sha256"]) == 64
    assert not AuditEntry.objects.filter(action="feedback.response.imported").exists()


def test_a_dry_run_writes_nothing_at_all(tmp_path):
    from rapport.feedback.models import ProjectQuestionSet

    run("import_data", "projects", str(SAMPLES / "projects.csv"), "--commit")
    people = Stakeholder.objects.count()
    out, _ = run("import_data", "responses", str(SAMPLES / "responses.csv"))
    assert "would give 420 created" in out
    assert not ProjectQuestionSet.objects.exists() and not ReviewCycle.objects.exists()
    assert Stakeholder.objects.count() == people


def test_the_same_answer_twice_in_a_file_is_reported_on_the_later_line(tmp_path):
    run("import_data", "projects", str(SAMPLES / "projects.csv"), "--commit")
    path = write_csv(
        tmp_path / "twice.csv",
        ["project", "period", "respondent", "mode", "overall"],
        [
            ["HIS-01", "2025-01", "a@x.example", "call", "8"],
            ["HIS-01", "2025-01", "b@x.example", "call", "7"],
            ["HIS-01", "2025-01", "A@x.example", "call", "6"],
        ],
    )
    with pytest.raises(CommandError, match="1 problem"):
        run("import_data", "responses", str(path), "--commit")
    assert not Response.objects.exists()
    from rapport.imports.reading import TableSource
    from rapport.imports.services import run_import

    result = run_import("responses", TableSource.from_path(path), by=None)
    assert [(e.line, e.column) for e in result.errors] == [(4, "respondent")]
    assert "Line 2 already holds this answer for 2025-01" in result.errors[0].reason


def _documented_keys(path) -> set[str]:
    """The keys docs/imports.md promises, computed here independently of the importer: SHA-256
    of project|period|stakeholder id for named answers; of project|period|mode|sorted scores|
    comment|occurrence for anonymous ones. A file imported by any version finds its keys."""
    import hashlib
    from collections import Counter

    from rapport.imports.framework import read_rows
    from rapport.imports.registry import get_importer
    from rapport.insights.response_import import PRINCIPLES

    importer = get_importer("responses")(by=None)
    projects = dict(Project.objects.values_list("code", "pk"))
    people = {e.lower(): pk for e, pk in Stakeholder.objects.values_list("email", "pk")}
    seen: Counter[str] = Counter()
    keys = set()
    for row in read_rows(path.read_bytes(), path.name)[1]:
        values, _, errors = importer.parse_row(row)
        assert not errors
        project, period = projects[values["project"]], values["period"]
        if values.get("respondent"):
            key = f"{project}|{period}|{people[values['respondent'].lower()]}"
        else:
            scores = {"overall": values["overall"]}
            scores |= {code: values[name] for name, code in PRINCIPLES.items() if name in values}
            if "recommend" in values:
                scores["recommend"] = values["recommend"]
            mode = values.get("mode", "meeting")
            content = f"{project}|{period}|{mode}|{sorted(scores.items())}|"
            content += values.get("comment", "")
            seen[content] += 1
            key = f"{content}|{seen[content]}"
        keys.add(hashlib.sha256(key.encode()).hexdigest())
    return keys


def _stored_keys() -> set[str]:
    keys = Response.objects.filter(import_key__isnull=False).values_list("import_key", flat=True)
    return {bytes(key).hex() for key in keys}


def test_import_keys_keep_their_documented_formula(tmp_path):
    import_samples(tmp_path)
    assert _stored_keys() == _documented_keys(SAMPLES / "responses.csv")
    # Anonymous answers with some scores left empty, and the same answer twice.
    header = ["project", "period", "mode", "overall", "alignment", "value", "recommend", "comment"]
    path = write_csv(
        tmp_path / "anonymous.csv",
        header,
        [
            ["HIS-10", "2024-06", "email", "8", "", "7", "", "Fine"],
            ["HIS-10", "2024-06", "email", "8", "", "7", "", "Fine"],
            ["HIS-10", "2024-06", "email", "8", "6", "", "9", ""],
            ["HIS-10", "2024-06", "meeting", "5", "6", "4", "10", 'Slow, "really"'],
            ["HIS-10", "2024-06", "", "5", "", "", "", ""],
        ],
    )
    before = _stored_keys()
    run("import_data", "responses", str(path), "--commit")
    added = _stored_keys() - before
    assert added == _documented_keys(path)
    out, _ = run("import_data", "responses", str(path), "--commit")
    assert "0 created, 0 updated, 5 unchanged" in out
