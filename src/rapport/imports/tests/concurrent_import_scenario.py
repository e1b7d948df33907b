"""While a large import commits, survey answers and sign-ins keep succeeding.

Run by ``test_concurrent_import.py`` in its own pytest process on a SQLite file database
(``settings_file_db``): a live server answers surveys and sign-ins from threads while the main
thread imports 50,000 review-history rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import http.cookiejar
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from rapport.customers.models import Stakeholder
from rapport.feedback.models import Invitation
from rapport.feedback.services import issue_link
from rapport.imports.reading import TableSource
from rapport.imports.services import run_import
from rapport.insights.response_import import ResponseHistoryImporter
from rapport.portfolio.models import Project
from rapport.testing.factories import CustomerFactory, ReviewCycleFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "correct horse battery staple"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _client():
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )


def _form_post(opener, url: str, fields: dict) -> int:
    page = opener.open(url, timeout=60).read().decode()
    token = CSRF.search(page)
    data = {**fields, "csrfmiddlewaretoken": token.group(1) if token else ""}
    request = urllib.request.Request(  # noqa: S310 (the live server's http URL)
        url, data=urllib.parse.urlencode(data).encode(), headers={"Referer": url}
    )
    try:
        return opener.open(request, timeout=60).status
    except urllib.error.HTTPError as exc:
        return exc.code


def _history(path: Path, projects: list[str], people: list[str], rows: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["project", "period", "respondent", "mode", "overall", "comment"])
        written = 0
        for month in range(rows // (len(projects) * len(people)) + 1):
            period = f"{2015 + month // 12}-{month % 12 + 1:02d}"
            for code in projects:
                for email in people:
                    if written < rows:
                        writer.writerow([code, period, email, "call", 7, ""])
                        written += 1
    return path


def test_answers_and_sign_ins_succeed_while_an_import_commits(live_server, tmp_path, monkeypatch):
    assert connection.vendor == "sqlite" and "memory" not in str(connection.settings_dict["NAME"])
    customer = CustomerFactory(name="Retail Banking")
    UserFactory(email="lead@pmo.test", password=PASSWORD, role="pmo_lead")
    Project.objects.bulk_create(
        [Project(name=f"Project {i}", code=f"P{i:03d}", customer=customer) for i in range(100)]
    )
    people = [f"p{i}@retail.test" for i in range(5)]
    Stakeholder.objects.bulk_create(
        [Stakeholder(customer=customer, name=e, email=e) for e in people]
    )
    cycle = ReviewCycleFactory(
        project=Project.objects.first(), period="2026-01", state="invited", opened_at=timezone.now()
    )
    invitations = []
    for i in range(400):
        person = Stakeholder.objects.create(customer=customer, name=f"S {i}", email=f"s{i}@x.test")
        invitation = Invitation.objects.create(
            cycle=cycle,
            stakeholder=person,
            email=person.email,
            expires_at=timezone.now() + dt.timedelta(days=7),
        )
        invitations.append(issue_link(invitation))
    path = _history(tmp_path / "history.csv", [f"P{i:03d}" for i in range(100)], people, 50_000)

    window: dict[str, float] = {}
    original_write = ResponseHistoryImporter.write

    def timed_write(self, result):
        window["start"] = time.monotonic()
        original_write(self, result)
        window["end"] = time.monotonic()

    monkeypatch.setattr(ResponseHistoryImporter, "write", timed_write)
    monkeypatch.setattr(ResponseHistoryImporter, "after_commit", lambda self, result: None)

    done = threading.Event()
    errors: list[str] = []
    ok: list[tuple[str, float, float]] = []

    def answer():
        while invitations and not done.is_set():
            token = invitations.pop()
            started = time.monotonic()
            try:
                status = _form_post(_client(), f"{live_server.url}/s/{token}/", {"q_overall": "8"})
            except Exception as exc:  # a refused or timed-out request is an error too
                errors.append(f"answer: {exc!r}")
                continue
            if status >= 400:
                errors.append(f"answer: {status}")
            else:
                ok.append(("answer", started, time.monotonic()))

    def sign_in():
        while not done.is_set():
            started = time.monotonic()
            try:
                status = _form_post(
                    _client(),
                    f"{live_server.url}/accounts/login/",
                    {"username": "lead@pmo.test", "password": PASSWORD},
                )
            except Exception as exc:
                errors.append(f"sign-in: {exc!r}")
                continue
            if status >= 400:
                errors.append(f"sign-in: {status}")
            else:
                ok.append(("sign-in", started, time.monotonic()))

    threads = [threading.Thread(target=answer) for _ in range(2)]
    threads.append(threading.Thread(target=sign_in))
    for thread in threads:
        thread.start()
    try:
        result = run_import("responses", TableSource.from_path(path), by=None, commit=True)
        time.sleep(0.5)  # requests that waited on the write finish after it
    finally:
        done.set()
        for thread in threads:
            thread.join(timeout=120)
    assert result.committed and result.created == 50_000, result.errors[:3]
    assert errors == []
    during = [kind for kind, start, end in ok if start < window["end"] and end > window["start"]]
    assert {"answer", "sign-in"} <= {kind for kind, *_ in ok}
    assert during, "no request overlapped the write: the scenario proved nothing"
