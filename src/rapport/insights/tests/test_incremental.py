"""Incremental recompute: one project from the stored portfolio context, coalesced requests."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rapport.feedback.models import Response
from rapport.insights.loading import load_portfolio
from rapport.insights.models import HealthSnapshot, PendingRecompute, PeriodFit
from rapport.insights.recompute import evaluate_portfolio
from rapport.insights.services import (
    recompute_health,
    recompute_project,
    request_recompute,
    run_pending_recomputes,
)
from rapport.insights.storage import load_contexts
from rapport.insights.tests.history import import_samples

pytestmark = pytest.mark.django_db

FIELDS = ("project_id", "period", "n", "mean", "adjusted", "theta", "low", "high", "method")
FIELDS += ("status", "delivery", "satisfaction", "engagement", "actions", "reasons", "signals")


def _snapshots(project_id: int | None = None) -> dict[tuple[int, str], tuple]:
    rows = HealthSnapshot.objects.all()
    if project_id is not None:
        rows = rows.filter(project_id=project_id)
    return {(r[0], r[1]): r for r in rows.values_list(*FIELDS)}


def _add_answer(project_id: int, score: int = 2) -> Response:
    """One more attributed answer in the project's latest month (as a meeting records it)."""
    like = (
        Response.objects.filter(project_id=project_id, confidentiality="attributed")
        .order_by("-period")
        .first()
    )
    return Response.objects.create(
        project_id=project_id,
        cycle_id=like.cycle_id,
        period=like.period,
        source="meeting",
        confidentiality="attributed",
        question_set_id=like.question_set_id,
        scores={"overall": score},
        overall=score,
        is_complete=True,
        submitted_on=dt.date.today(),
    )


@pytest.fixture
def history(tmp_path):
    import_samples(tmp_path)  # the import runs the full recompute
    return sorted({pid for pid, _ in _snapshots()})


def test_the_full_recompute_stores_the_portfolio_context_of_every_period(history):
    contexts = load_contexts()
    periods = sorted(set(HealthSnapshot.objects.values_list("period", flat=True)))
    assert sorted(contexts) == periods == list(PeriodFit.objects.values_list("period", flat=True))
    last = contexts[periods[-1]]
    assert last.n_total > 0 and last.sigma2 > 0 and last.mu is not None
    assert len(last.names) == len(last.beta) == len(last.xbar)
    assert last.prior.mean == pytest.approx(
        sum(Response.objects.exclude(confidentiality="anonymous").values_list("overall", flat=True))
        / Response.objects.exclude(confidentiality="anonymous").count(),
        abs=1.0,
    )


def test_incremental_recompute_gives_the_full_recompute_snapshots_when_the_fit_is_unchanged(
    history,
):
    full = _snapshots()
    for pid in history:
        summary = recompute_project(pid)
        assert summary["projects"] == 1 and summary["snapshots"] == len(_snapshots(pid))
    assert _snapshots() == full  # every figure, verdict, reason and signal, to the last bit


def test_an_answer_recomputes_its_project_from_its_period_only(
    history, django_capture_on_commit_callbacks
):
    pid = history[3]
    answer = _add_answer(pid)
    before = {k: v for k, v in _snapshots().items()}
    stamps = dict(
        HealthSnapshot.objects.filter(project_id=pid).values_list("period", "computed_at")
    )
    # Enqueued after the commit; the immediate task backend of the tests runs it then.
    with django_capture_on_commit_callbacks(execute=True):
        request_recompute(pid, period=answer.period)
    after = _snapshots()
    assert not PendingRecompute.objects.exists()
    changed = {key for key in after if after[key] != before.get(key)}
    assert changed and all(p == pid and period >= answer.period for p, period in changed)
    earlier = HealthSnapshot.objects.filter(project_id=pid, period__lt=answer.period)
    assert all(stamps[s.period] == s.computed_at for s in earlier)  # not even rewritten
    # What it wrote is that project's evaluation against the stored (unchanged) contexts.
    data = load_portfolio()
    expected = evaluate_portfolio(data, only={pid}, contexts=load_contexts())
    mine = {(r.project_id, r.period): r for r in expected.snapshots}
    for key in changed:
        assert after[key][5] == mine[key].theta and after[key][2] == mine[key].n


def test_requests_are_coalesced_per_project_in_at_most_two_statements(history):
    pid = history[0]
    PendingRecompute.objects.create(project_id=pid, since="2026-01")
    with CaptureQueriesContext(connection) as ctx:
        assert request_recompute(pid, period="2025-11") is False  # pending: nothing enqueued
    assert len(ctx.captured_queries) <= 2
    assert PendingRecompute.objects.get(pk=pid).since == "2025-11"  # the earlier month wins
    request_recompute(pid, period="2026-02")
    assert PendingRecompute.objects.get(pk=pid).since == "2025-11"
    request_recompute(pid)  # no month: every period
    assert PendingRecompute.objects.get(pk=pid).since == ""
    assert run_pending_recomputes()["projects"] == 1
    assert not PendingRecompute.objects.exists()


def test_a_new_request_enqueues_a_run_that_claims_it(history, django_capture_on_commit_callbacks):
    pid = history[1]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert request_recompute(pid) is True
    assert len(callbacks) == 1  # the task, once the request is committed
    assert not PendingRecompute.objects.exists()  # the immediate backend ran the task
    assert run_pending_recomputes()["projects"] == 0


def test_a_bad_period_is_refused_and_changes_nothing(history):
    with pytest.raises(ValidationError):
        request_recompute(history[0], period="2026-13")
    assert not PendingRecompute.objects.exists()


def test_a_request_for_an_unknown_project_is_refused(history):
    with pytest.raises(ValidationError):
        request_recompute(10_000)
    assert not PendingRecompute.objects.exists()


def test_a_full_recompute_clears_the_requests_it_covers(history):
    old = timezone.now() - dt.timedelta(minutes=5)
    later = timezone.now() + dt.timedelta(hours=1)  # made after the full run loaded the data
    PendingRecompute.objects.create(project_id=history[0], requested_at=old)
    PendingRecompute.objects.create(project_id=history[1], requested_at=later)
    recompute_health()
    assert list(PendingRecompute.objects.values_list("project_id", flat=True)) == [history[1]]


def test_before_any_full_recompute_a_project_request_runs_the_full_one(project):
    assert not PeriodFit.objects.exists()
    summary = recompute_project(project.pk)
    assert "periods" in summary  # the full recompute's summary
