"""Large files from the Import page: the worker imports them while the page shows progress."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rapport.audit.models import AuditEntry
from rapport.customers.models import Stakeholder
from rapport.imports.models import ImportJob, ImportJobState
from rapport.imports.services import run_import_job

pytestmark = pytest.mark.django_db


def _people(count: int, customer: str = "Retail Banking") -> bytes:
    lines = ["email,name,customer"] + [f"p{i}@x.test,P {i},{customer}" for i in range(count)]
    return "\n".join(lines).encode()


def _post(client, content: bytes, *, commit: bool = True):
    data = {"kind": "stakeholders", "file": SimpleUploadedFile("people.csv", content)}
    if commit:
        data["commit"] = "on"
    return client.post("/imports/", data)


@pytest.fixture
def small_limit(settings):
    settings.RAPPORT_IMPORT_WORKER_ROWS = 5


def test_a_large_upload_runs_in_the_worker_and_the_page_follows_it(
    client, bob, customer, small_limit, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = _post(client, _people(12))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/jobs/{job.pk}/"
    assert len(callbacks) == 1  # queued once the upload is stored; the test backend runs it
    job.refresh_from_db()
    assert job.state == ImportJobState.DONE and job.data in (b"", memoryview(b""))
    assert job.result["created"] == 12 and job.result["committed"]
    assert Stakeholder.objects.count() == 12
    entry = AuditEntry.objects.get(action="imports.file.imported")
    assert entry.actor == bob and entry.changes["rows"] == 12
    page = client.get(f"/imports/jobs/{job.pk}/").content.decode()
    assert "Done. Imported: 12 created, 0 updated, 0 unchanged" in page
    assert "hx-trigger" not in page  # finished: the page stops polling


def test_a_queued_job_shows_a_progress_bar_that_polls(client, bob, customer, small_limit):
    client.force_login(bob)
    response = _post(client, _people(12))  # on_commit never runs here: the job waits
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.state == ImportJobState.QUEUED
    page = client.get(f"/imports/jobs/{job.pk}/").content.decode()
    assert "<progress" in page and 'hx-trigger="every 1s"' in page
    assert "0 of 12 rows checked" in page
    fragment = client.get(f"/imports/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith("<section") and "<html" not in fragment
    assert run_import_job(job.pk) == ImportJobState.DONE
    assert run_import_job(job.pk) == "not queued"  # claimed once: never run twice
    fragment = client.get(f"/imports/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "Done. Imported: 12 created" in fragment


def test_a_bad_large_file_lists_its_problems_and_changes_nothing(
    client, bob, customer, small_limit, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, _people(12, customer="Atlantis"))
    job = ImportJob.objects.get()
    assert job.state == ImportJobState.DONE and job.result["error_count"] == 12
    assert job.result["errors"][0] == [2, "customer", "Unknown customer “Atlantis”."]
    assert not Stakeholder.objects.exists()
    page = client.get(f"/imports/jobs/{job.pk}/").content.decode()
    assert "12 problems — nothing was changed" in page


def test_small_uploads_still_answer_at_once(client, bob, customer, small_limit):
    client.force_login(bob)
    page = _post(client, _people(5), commit=False).content.decode()
    assert "Dry run: would give 5 created" in page
    # Nothing for the worker: the one job is the checked file, kept to be applied.
    job = ImportJob.objects.get()
    assert job.state == ImportJobState.DONE and not job.commit and job.can_apply
    assert not Stakeholder.objects.exists()


def test_a_small_dry_run_is_applied_without_a_new_upload_and_only_once(
    client, bob, customer, small_limit
):
    client.force_login(bob)
    page = _post(client, _people(5), commit=False).content.decode()
    checked = ImportJob.objects.get()
    assert f'action="/imports/jobs/{checked.pk}/apply/"' in page
    assert "The checked file is kept until" in page
    assert client.get(f"/imports/jobs/{checked.pk}/apply/").status_code == 405  # POST only

    response = client.post(f"/imports/jobs/{checked.pk}/apply/")
    applied = ImportJob.objects.exclude(pk=checked.pk).get()
    assert response.status_code == 302 and response["Location"] == f"/imports/jobs/{applied.pk}/"
    assert applied.commit and applied.state == ImportJobState.DONE  # small: run at once
    assert applied.result["created"] == 5 and Stakeholder.objects.count() == 5
    assert applied.data in (b"", memoryview(b""))
    checked.refresh_from_db()
    assert checked.applied_as == applied and not checked.can_apply
    assert bytes(checked.data) == b""  # the file lives in one place, and no longer
    entry = AuditEntry.objects.get(action="imports.file.imported")
    assert entry.actor == bob and entry.changes["created"] == 5
    page = client.get(f"/imports/jobs/{applied.pk}/").content.decode()
    assert "Done. Imported: 5 created" in page

    # A second click, or a colleague on the same page: the same import, nothing twice.
    again = client.post(f"/imports/jobs/{checked.pk}/apply/")
    assert again["Location"] == f"/imports/jobs/{applied.pk}/"
    assert ImportJob.objects.count() == 2 and Stakeholder.objects.count() == 5
    assert AuditEntry.objects.filter(action="imports.file.imported").count() == 1
    page = client.get(f"/imports/jobs/{checked.pk}/").content.decode()
    assert f'<a href="/imports/jobs/{applied.pk}/">see its import</a>' in page
    assert "/apply/" not in page


def test_a_large_dry_run_keeps_its_file_and_the_worker_applies_it(
    client, bob, customer, small_limit, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, _people(12), commit=False)
    checked = ImportJob.objects.get()
    assert checked.state == ImportJobState.DONE and bytes(checked.data) == _people(12)
    assert checked.can_apply and not Stakeholder.objects.exists()
    page = client.get(f"/imports/jobs/{checked.pk}/").content.decode()
    assert "Stakeholders: 12 rows, checked without changing anything (a dry run)." in page
    assert f'action="/imports/jobs/{checked.pk}/apply/"' in page
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(f"/imports/jobs/{checked.pk}/apply/")
    applied = ImportJob.objects.exclude(pk=checked.pk).get()
    assert response["Location"] == f"/imports/jobs/{applied.pk}/"
    assert len(callbacks) == 1  # large: the worker imports it
    applied.refresh_from_db()
    assert applied.commit and applied.result["created"] == 12 and applied.by == bob
    assert Stakeholder.objects.count() == 12


def test_the_applied_file_is_checked_again_against_the_database_as_it_is_now(
    client, bob, customer, small_limit
):
    client.force_login(bob)
    _post(client, _people(3), commit=False)
    checked = ImportJob.objects.get()
    customer.name = "Renamed Banking"  # the file's customer no longer exists by that name
    customer.save()
    client.post(f"/imports/jobs/{checked.pk}/apply/")
    applied = ImportJob.objects.exclude(pk=checked.pk).get()
    assert applied.result["error_count"] == 3 and not applied.result["committed"]
    assert not Stakeholder.objects.exists()
    page = client.get(f"/imports/jobs/{applied.pk}/").content.decode()
    assert "3 problems — nothing was changed" in page


def test_only_a_clean_dry_run_with_changes_is_kept(client, bob, customer, small_limit):
    client.force_login(bob)
    page = _post(client, _people(3, customer="Atlantis"), commit=False).content.decode()
    assert "3 problems — nothing was changed" in page and "/apply/" not in page
    _post(client, _people(3), commit=True)  # applied straight away: nothing to keep
    page = _post(client, _people(3), commit=False).content.decode()  # would change nothing
    assert "0 created, 0 updated, 3 unchanged" in page and "/apply/" not in page
    assert not ImportJob.objects.exists()


def test_a_check_expires_and_the_schedule_forgets_its_file(
    client, bob, customer, small_limit, settings
):
    from django.utils import timezone

    from rapport.feedback.schedule import run_all

    settings.RAPPORT_IMPORT_KEEP_HOURS = 2
    client.force_login(bob)
    _post(client, _people(3), commit=False)
    checked = ImportJob.objects.get()
    left = checked.kept_until - timezone.now()
    assert 7100 < left.total_seconds() <= 7200
    assert run_all(["forget-checked-imports"]) == {"forget-checked-imports": 0}  # not yet
    ImportJob.objects.filter(pk=checked.pk).update(kept_until=timezone.now())
    response = client.post(f"/imports/jobs/{checked.pk}/apply/", follow=True)
    assert "This check has expired and its file is no longer kept" in response.content.decode()
    assert not Stakeholder.objects.exists() and ImportJob.objects.count() == 1
    assert run_all(["forget-checked-imports"]) == {"forget-checked-imports": 1}
    checked.refresh_from_db()
    assert bytes(checked.data) == b"" and checked.kept_until is None
    page = client.get(f"/imports/jobs/{checked.pk}/").content.decode()
    assert "/apply/" not in page and "upload again to import" in page


@pytest.mark.parametrize("who", ["carol", "erin"])
def test_job_pages_are_for_pmo_roles(client, users, bob, who):
    from django.utils import timezone

    job = ImportJob.objects.create(
        kind="stakeholders",
        filename="p.csv",
        data=b"email,name,customer\n",
        by=bob,
        state=ImportJobState.DONE,
        kept_until=timezone.now() + dt.timedelta(hours=1),
    )
    client.force_login(users[who])
    assert client.get(f"/imports/jobs/{job.pk}/").status_code == 403
    assert client.post(f"/imports/jobs/{job.pk}/apply/").status_code == 403
    assert ImportJob.objects.count() == 1


def test_two_requests_that_both_saw_the_file_unapplied_import_it_once(
    client, bob, customer, small_limit, monkeypatch
):
    """The race: a second request read the checked job before the first applied it. Its claim
    finds the file applied, so it gives the first's import and leaves nothing of its own."""
    from rapport.imports.services import apply_checked

    client.force_login(bob)
    _post(client, _people(3), commit=False)
    checked = ImportJob.objects.get()
    stale = ImportJob.objects.get(pk=checked.pk)  # as the second request read it
    first = apply_checked(checked.pk, by=bob)
    real_get = ImportJob.objects.get
    calls = []

    def get(**kwargs):
        calls.append(kwargs)
        return stale if len(calls) == 1 else real_get(**kwargs)

    monkeypatch.setattr(ImportJob.objects, "get", get)
    second = apply_checked(checked.pk, by=bob)
    assert second.pk == first.pk and len(calls) == 2
    assert ImportJob.objects.count() == 2 and Stakeholder.objects.count() == 3
