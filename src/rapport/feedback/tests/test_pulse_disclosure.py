"""The pulse's release rule: a round (one customer's quarter) shows figures only once closed and
over the whole round (at least k answers; comments at least the comment k). While it is open,
every page shows counts only, so a watcher reading after each answer cannot subtract one
reading from the next. Nothing pools answers of several rounds or customers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from rapport.catalog.services import change_service_status, create_service
from rapport.charter import services as charter_services
from rapport.charter.measures import MEASURES, month_ends
from rapport.feedback.pulse import services as pulse
from rapport.feedback.pulse.figures import Answer, latest_service_help, pulse_figures, round_figures
from rapport.feedback.pulse.models import PulseResponse, PulseRound
from rapport.testing.factories import CustomerFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def k(settings):
    settings.RAPPORT_ANONYMITY_K = 3
    settings.RAPPORT_ANONYMITY_K_COMMENTS = 4
    return 3


@pytest.fixture
def kit(alice):
    service = create_service(by=alice, name="Start kit", outcome="You start in two weeks.")
    change_service_status(service, "piloting", by=alice)
    return service


def test_an_open_round_has_counts_only_whatever_its_size():
    answers = [Answer(8, 3, (1,), "More of this") for _ in range(12)]
    open_ = pulse_figures(answers, [(1, "Kit")], closed=False, k=3, k_comments=3)
    assert open_.respondents == 12 and open_.still_open
    assert not open_.figures and not open_.comments_shown
    assert open_.priorities is None and open_.effort is None
    assert open_.services == () and open_.comments == ()
    assert open_.hidden_reason == "shown when the pulse closes"
    closed = pulse_figures(answers, [(1, "Kit")], closed=True, k=3, k_comments=3)
    assert closed.figures and closed.priorities == 8.0 and closed.comments_shown


def _pages(client, round_, customer, kit) -> dict[str, str]:
    """Everything a PMO reader can open about the pulse."""
    urls = {
        "list": reverse("feedback:pulse"),
        "round": reverse("feedback:pulse_round", args=[round_.pk]),
        "service": reverse("roadmap:service_detail", args=[kit.pk]),
        "charter": reverse("charter:scorecard", args=[customer.pk]),
    }
    pages = {}
    for name, url in urls.items():
        reply = client.get(url)
        assert reply.status_code == 200, url
        pages[name] = reply.content.decode()
    return pages


def test_a_watcher_reading_after_each_answer_sees_only_counts(client, alice, customer, kit, k):
    people = [StakeholderFactory(customer=customer) for _ in range(5)]
    today = timezone.localdate()
    round_ = pulse.open_pulse_round(customer, by=alice, today=today)
    charter = charter_services.start_charter(customer, by=alice)
    for key in ("pulse_priorities", "pulse_effort"):
        charter_services.add_principle(charter, by=alice, name=key, measure=key, target=5)
    client.force_login(alice)
    invitations = list(round_.invitations.order_by("pk"))
    assert len(invitations) == len(people)
    for n, invitation in enumerate(invitations, start=1):
        pulse.record_pulse_response(
            pulse.issue_pulse_link(invitation),
            {
                "priorities_served": str(3 + n),
                "effort": str(1 + n % 3),
                "services": [str(kit.pk)] if n % 2 else [],
                "comment": f"Remark {n}",
            },
        )
        pages = _pages(client, round_, customer, kit)
        running = sum(3 + i for i in range(1, n + 1)) / n
        for name in ("list", "round"):
            assert f"{running:.1f}" not in pages[name], (name, n)
        assert "pulse-figure" not in pages["round"] and "Remark" not in pages["round"]
        assert f"Figures show when this pulse closes ({n} answer" in pages["round"]
        assert "shown when the pulse closes" in pages["list"]
        assert "helps" not in pages["service"] and "No closed pulse yet" in pages["service"]
        assert f"The {round_.period} pulse shows once it closes." in pages["charter"]
        assert pages["charter"].count("Pulse: ") == 2
        assert round_figures([round_.pk])[round_.pk].priorities is None
    pulse.close_pulse_round(round_, by=alice)
    html = client.get(reverse("feedback:pulse_round", args=[round_.pk])).content.decode()
    assert "pulse-figure" in html and "6.0" in html and "Remark 5" in html  # 4..8 → 6.0
    service = client.get(reverse("roadmap:service_detail", args=[kit.pk])).content.decode()
    assert "helps 3 of 5 respondents in the latest pulse" in service
    series = MEASURES["pulse_priorities"].loader(customer.pk, month_ends(today, 3), "")
    assert set(series.values()) - {None} == {6.0} and series.withheld == ""


def _closed_round(customer, period, n, *, state="closed", services=()) -> PulseRound:
    round_ = PulseRound.objects.create(customer=customer, period=period, state=state)
    PulseResponse.objects.bulk_create(
        PulseResponse(
            round=round_,
            customer=customer,
            confidentiality="anonymous",
            submitted_on=pulse.quarter_start(period),
            priorities_served=6 + i % 3,
            effort=3,
            services_helping=list(services),
            comment="c",
        )
        for i in range(n)
    )
    return round_


def test_the_service_page_reads_the_latest_closed_round_alone(kit, customer, k):
    small = CustomerFactory(name="Small Team")
    _closed_round(customer, "2026-Q1", 6, services=[kit.pk])
    _closed_round(customer, "2026-Q2", 2, services=[kit.pk])  # latest closed, under k
    _closed_round(customer, "2026-Q3", 9, state="open", services=[kit.pk])
    _closed_round(small, "2026-Q3", 8, state="open", services=[kit.pk])  # only an open round
    rows = latest_service_help(kit.pk, [customer.pk, small.pk])
    assert [(name, period) for name, period, _f in rows] == [("Retail Banking", "2026-Q2")]
    figures = rows[0][2]
    # Never Q1 + Q2 pooled (8 answers), never the open Q3: the latest closed round, hidden.
    assert not figures.figures and figures.respondents == 2 and figures.services == ()


def test_the_charter_reads_closed_rounds_only_each_whole(customer, k):
    _closed_round(customer, "2026-Q1", 3)
    _closed_round(customer, "2026-Q2", 2)  # under k: its months stay empty
    _closed_round(customer, "2026-Q3", 7, state="open")
    months = [dt.date(2026, m, 28) for m in range(1, 10)]
    series = MEASURES["pulse_priorities"].loader(customer.pk, months, "")
    assert [series[m] for m in months] == [7.0] * 3 + [None] * 6
    assert series.withheld == "The 2026-Q3 pulse shows once it closes."


def test_round_figures_pool_nothing_across_rounds_or_customers(customer, k):
    other = CustomerFactory(name="Other")
    a = _closed_round(customer, "2026-Q1", 2)
    b = _closed_round(customer, "2026-Q2", 2)
    c = _closed_round(other, "2026-Q2", 2)
    d = _closed_round(other, "2026-Q3", 4, state="open")
    figures = round_figures([a.pk, b.pk, c.pk, d])
    assert [figures[r.pk].respondents for r in (a, b, c, d)] == [2, 2, 2, 4]
    assert not any(f.figures for f in figures.values())
    assert figures[d.pk].still_open


def test_comments_need_the_comment_threshold_even_when_closed(client, alice, customer, k):
    three = _closed_round(customer, "2026-Q1", 3)
    client.force_login(alice)
    html = client.get(reverse("feedback:pulse_round", args=[three.pk])).content.decode()
    assert "pulse-figure" in html and "comments hidden: fewer than 4 answers" in html
