"""The Import page, its row errors and a worker's results in the uploader's console language."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from rapport.imports.models import ImportJob
from rapport.imports.services import run_import_job
from rapport.testing.console import console_client as _client

pytestmark = pytest.mark.django_db


def _post(client: Client, content: bytes):
    data = {"kind": "stakeholders", "file": SimpleUploadedFile("people.csv", content)}
    return client.post("/imports/", data)


def test_the_import_page_and_its_row_errors_read_in_french(bob, customer):
    client = _client(bob, "fr")
    page = client.get("/imports/").content.decode()
    assert "Appliquer les changements" in page and "Colonnes" in page and "Obligatoire" in page
    result = _post(client, b"email,name,customer\np@x.test,,Retail Banking,extra\n")
    html = result.content.decode()
    assert "2 problèmes — rien n’a été modifié" in html
    assert "Une valeur est requise." in html and "Plus de cellules que de colonnes." in html


def test_a_dry_run_reads_in_german(bob, customer):
    client = _client(bob, "de")
    html = _post(client, b"email,name,customer\np@x.test,P,Retail Banking\n").content.decode()
    assert "Probelauf: ergäbe 1 angelegt, 0 aktualisiert, 0 unverändert" in html


def test_a_workers_import_writes_its_problems_in_the_uploaders_language(
    bob, customer, settings, django_capture_on_commit_callbacks
):
    settings.RAPPORT_IMPORT_WORKER_ROWS = 1
    client = _client(bob, "de")
    rows = b"email,name,customer\np1@x.test,P,Retail Banking\np2@x.test,,Retail Banking\n"
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, rows)
    job = ImportJob.objects.get()
    run_import_job(job.pk)  # already run by the task when the queue runs inline
    html = client.get(f"/imports/jobs/{job.pk}/").content.decode()
    assert "Ein Wert ist erforderlich." in html and "1 Problem — nichts wurde geändert" in html
