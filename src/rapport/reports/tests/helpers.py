"""Test helpers: a small portfolio with scores, issues and actions, and PDF text extraction."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess

import pytest
from django.utils import timezone

from rapport.feedback.models import Action, Issue
from rapport.insights.services import recompute_health
from rapport.testing.factories import ResponseFactory, ReviewCycleFactory, StakeholderFactory


def pdf_text(pdf: bytes) -> str:
    """The PDF's text (pypdf when installed, else poppler's pdftotext); skip if neither."""
    try:
        import io

        from pypdf import PdfReader  # type: ignore[import-not-found]

        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    except ImportError:
        pass
    if not shutil.which("pdftotext"):
        if os.environ.get("RAPPORT_TEST_PDF") == "1":  # CI: reading the PDFs back is required
            pytest.fail("pdftotext (poppler-utils) is required when RAPPORT_TEST_PDF=1")
        pytest.skip("neither pypdf nor pdftotext (poppler-utils) is installed")
    done = subprocess.run(
        [shutil.which("pdftotext") or "pdftotext", "-layout", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    )
    return done.stdout.decode()


def pdf_info(pdf: bytes) -> str:
    if not shutil.which("pdfinfo"):
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    return subprocess.run(
        [shutil.which("pdfinfo") or "pdfinfo", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def periods(count: int) -> list[str]:
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1
    return [f"{i // 12}-{i % 12 + 1:02d}" for i in range(index - count + 1, index + 1)]


def scored_project(project, *, scores, culture="attributed", people=1, issue="", action=""):
    """Closed monthly rounds on ``project`` (one score list per month, ``people`` answers each),
    an issue and an action in the last month, then the recompute."""
    customer = project.customer
    customer.feedback_culture = culture
    customer.save()
    stakeholders = [StakeholderFactory(customer=customer) for _ in range(people)]
    cycle = None
    for period, score in zip(periods(len(scores)), scores, strict=True):
        cycle = ReviewCycleFactory(
            project=project, period=period, state="closed", confidentiality=culture
        )
        for s in stakeholders:
            ResponseFactory(
                cycle=cycle,
                scores={"overall": score},
                stakeholder=None if culture == "anonymous" else s,
            )
    today = timezone.localdate()
    if issue:
        found = Issue.objects.create(project=project, cycle=cycle, text=issue, raised_on=today)
        if action:
            Action.objects.create(
                project=project,
                cycle=cycle,
                issue=found,
                title=action,
                due=today - dt.timedelta(days=10),
            )
    return cycle


def recompute(capture) -> None:
    with capture(execute=True):
        recompute_health()
