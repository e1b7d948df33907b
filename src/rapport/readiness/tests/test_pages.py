"""Readiness pages: empty states and query counts that do not grow with assessments."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rapport.readiness.barriers import STATEMENT_KEYS
from rapport.readiness.services import record_assessment

pytestmark = pytest.mark.django_db


def _assess(alice, n, start=0):
    for i in range(start, start + n):
        record_assessment(
            dict.fromkeys(STATEMENT_KEYS, 1 + i % 5),
            by=alice,
            taken_on=dt.date(2024, 1, 1) + dt.timedelta(days=30 * i),
        )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/readiness/", "/readiness/assessments/"])
def test_readiness_pages_do_not_grow_queries_with_assessments(client, alice, customer, url):
    _assess(alice, 3)
    client.force_login(alice)
    few = _queries(client, url)
    _assess(alice, 20, start=3)
    assert _queries(client, url) == few


def test_empty_readiness_invites_the_first_assessment(client, bob):
    client.force_login(bob)
    assert "Take the first assessment" in client.get("/readiness/").content.decode()
    assert "No assessment yet." in client.get("/readiness/assessments/").content.decode()
