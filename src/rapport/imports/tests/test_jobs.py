"""Large files from the Import page: the worker imports them while the page shows progress."""

from __future__ import annotations

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
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("who", ["carol", "erin"])
def test_job_pages_are_for_pmo_roles(client, users, bob, who):
    job = ImportJob.objects.create(kind="stakeholders", filename="p.csv", data=b"x", by=bob)
    client.force_login(users[who])
    assert client.get(f"/imports/jobs/{job.pk}/").status_code == 403
