"""The PDF button: asked for on a page, written by the worker, downloaded by its reader only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rapport.reports.models import ReportRequest, ReportState
from rapport.reports.services import request_report, run_report
from rapport.reports.tests.helpers import pdf_text, recompute, scored_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(project, django_capture_on_commit_callbacks):
    scored_project(project, scores=[8, 7, 8])
    recompute(django_capture_on_commit_callbacks)
    return project


def test_the_button_is_on_the_three_pages(client, alice, scored):
    client.force_login(alice)
    for url in (
        reverse("insights:dashboard"),
        reverse("insights:project", args=[scored.pk]),
        scored.customer.get_absolute_url(),
    ):
        html = client.get(url).content.decode()
        assert reverse("reports:request") in html and ">PDF</button>" in html, url
        assert 'id="report-status"' in html
        # The PDFs asked for before (written in the background) are one click away.
        assert '<a class="btn secondary" href="/reports/">Your reports</a>' in html, url


def test_asked_written_in_the_worker_then_downloaded(
    client, carol, scored, django_capture_on_commit_callbacks
):
    client.force_login(carol)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:request"),
            {"kind": "project", "subject": scored.pk},
            headers={"HX-Request": "true"},
        )
    assert response.status_code == 200
    report = ReportRequest.objects.get()
    assert report.requested_by == carol and report.state == ReportState.DONE
    fragment = client.get(
        reverse("reports:status", args=[report.pk]), headers={"HX-Request": "true"}
    )
    assert "Download the PDF" in fragment.content.decode()
    pdf = client.get(reverse("reports:download", args=[report.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert "attachment" in pdf["Content-Disposition"]
    assert "Branch booking" in pdf_text(b"".join(pdf))


def test_the_notice_polls_while_the_worker_has_not_finished(client, alice, scored):
    client.force_login(alice)
    report = request_report("portfolio", by=alice)  # on_commit never runs: still pending
    html = client.get(
        reverse("reports:status", args=[report.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert 'hx-trigger="every 2s"' in html and "Download" not in html
    assert client.get(reverse("reports:download", args=[report.pk])).status_code == 302


def test_a_manager_cannot_download_anothers_report(client, carol, dave, scored):
    report = request_report("project", by=carol, subject_id=scored.pk)
    assert run_report(report.pk) == ReportState.DONE
    assert run_report(report.pk) == "not pending"  # claimed once only
    client.force_login(dave)
    for name in ("status", "download"):
        assert client.get(reverse(f"reports:{name}", args=[report.pk])).status_code == 404
    listing = client.get(reverse("reports:list")).content.decode()
    assert (
        reverse("reports:download", args=[report.pk]) not in listing and "No reports yet" in listing
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "league-table"}, "is not a report"),
        ({"kind": "portfolio", "period": "2026-13"}, "write it as YYYY-MM"),
        ({"kind": "customer"}, "needs the customer"),
    ],
)
def test_bad_input_gets_a_clear_error(client, alice, data, message):
    client.force_login(alice)
    response = client.post(reverse("reports:request"), data, headers={"HX-Request": "true"})
    # 200, so that htmx shows it in place of the notice (it swaps no 4xx answer in)
    assert response.status_code == 200 and message in response.content.decode()
    assert not ReportRequest.objects.exists()


def test_nobody_asks_for_what_they_may_not_read(client, carol, dave, other_project):
    client.force_login(carol)
    response = client.post(
        reverse("reports:request"),
        {"kind": "project", "subject": other_project.pk},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and "that you may read" in response.content.decode()
    response = client.post(
        reverse("reports:request"), {"kind": "portfolio"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
