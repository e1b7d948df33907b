"""Pulse figures behind the anonymity threshold: the pure function, the PMO pages, the charter
measures and the service page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from rapport.catalog.services import change_service_status, create_service
from rapport.charter import services as charter_services
from rapport.charter.measures import MEASURES, pulse_series
from rapport.feedback.pulse import services as pulse
from rapport.feedback.pulse.figures import Answer, pulse_figures
from rapport.feedback.pulse.models import PulseResponse, PulseRound
from rapport.testing.factories import CustomerFactory


def _answers(n: int, services=(), comment: str = "") -> list[Answer]:
    return [
        Answer(6 + i % 3, 2 + i % 2, tuple(services) if i % 2 == 0 else (), comment)
        for i in range(n)
    ]


@pytest.mark.parametrize("k", [3, 5])
def test_figures_are_hidden_under_k_and_shown_at_k(k):
    below = pulse_figures(_answers(k - 1, (1,)), [(1, "Kit")], closed=True, k=k, k_comments=k)
    assert below.respondents == k - 1 and not below.figures
    assert below.priorities is None and below.services == () and below.comments == ()
    assert below.hidden_reason == f"hidden: fewer than {k} answers"
    at = pulse_figures(
        _answers(k, (1,), "ok"), [(1, "Kit"), (2, "Report")], closed=True, k=k, k_comments=k
    )
    assert at.figures and at.comments_shown and at.priorities is not None
    kit = next(h for h in at.services if h.service_id == 1)
    assert (kit.helps, kit.of) == ((k + 1) // 2, k)
    assert next(h for h in at.services if h.service_id == 2).helps == 0


def test_k_is_never_below_three_and_comments_need_their_own_threshold():
    two = pulse_figures(_answers(2), closed=True, k=1)
    assert not two.figures and two.k == 3
    five = pulse_figures(_answers(5, comment="Fewer forms"), closed=True, k=5, k_comments=7)
    assert five.figures and not five.comments_shown and five.comments == ()
    assert five.hidden_reason == "comments hidden: fewer than 7 answers"


@given(st.lists(st.tuples(st.integers(1, 10), st.integers(1, 7)), max_size=12))
def test_means_stay_on_their_scales(rows):
    figures = pulse_figures([Answer(p, e) for p, e in rows], closed=True, k=3, k_comments=3)
    assert figures.figures == (len(rows) >= 3)
    if figures.figures:
        assert 1 <= figures.priorities <= 10 and 1 <= figures.effort <= 7


def test_pulse_series_places_a_quarter_on_its_months():
    months = [
        dt.date(2026, 3, 31),
        dt.date(2026, 4, 30),
        dt.date(2026, 6, 30),
        dt.date(2026, 7, 31),
    ]
    series = pulse_series(months, {"2026-Q2": 7.5, "2026-Q1": None})
    assert series == {months[0]: None, months[1]: 7.5, months[2]: 7.5, months[3]: None}


# --- with the database ------------------------------------------------------------------------


def _round(customer, period: str, n: int, *, services=(), comment="") -> PulseRound:
    round_ = PulseRound.objects.create(customer=customer, period=period, state="closed")
    PulseResponse.objects.bulk_create(
        PulseResponse(
            round=round_,
            customer=customer,
            confidentiality="anonymous",
            submitted_on=pulse.quarter_start(period),
            priorities_served=7 + i % 2,
            effort=3,
            services_helping=list(services) if i % 2 == 0 else [],
            comment=comment,
        )
        for i in range(n)
    )
    return round_


@pytest.mark.django_db
def test_charter_pulse_measures_without_and_with_data(customer, alice, settings):
    settings.RAPPORT_ANONYMITY_K = 5
    charter = charter_services.start_charter(customer, by=alice)
    today = dt.date(2026, 6, 15)
    months = [dt.date(2026, 4, 30), dt.date(2026, 5, 31), today]
    priorities, effort = MEASURES["pulse_priorities"], MEASURES["pulse_effort"]
    assert set(priorities.loader(customer.pk, months, "").values()) == {None}
    _round(customer, "2026-Q2", 4)  # under k: hidden, so no value
    assert set(priorities.loader(customer.pk, months, "").values()) == {None}
    PulseRound.objects.all().delete()
    _round(customer, "2026-Q2", 6)
    assert set(priorities.loader(customer.pk, months, "").values()) == {7.5}
    assert set(effort.loader(customer.pk, months, "").values()) == {3.0}
    assert effort.format(3.0) == "3.0" and priorities.format(None) == "no data yet"
    assert charter.customer == customer


@pytest.mark.django_db
def test_the_service_page_shows_help_only_at_the_threshold(client, alice, customer, settings):
    settings.RAPPORT_ANONYMITY_K = 5
    kit = create_service(by=alice, name="Start kit", outcome="You start in two weeks.")
    change_service_status(kit, "piloting", by=alice)
    other = CustomerFactory(name="Small Team")
    _round(customer, "2026-Q1", 3, services=[kit.pk])
    _round(customer, "2026-Q2", 6, services=[kit.pk])  # the latest: shown
    _round(other, "2026-Q2", 4, services=[kit.pk])  # under k: hidden
    just_opened = _round(customer, "2026-Q3", 2, services=[kit.pk])
    PulseRound.objects.filter(pk=just_opened.pk).update(state="open")  # does not hide Q2
    client.force_login(alice)
    html = client.get(reverse("roadmap:service_detail", args=[kit.pk])).content.decode()
    assert "Retail Banking (2026-Q2): helps 3 of 6 respondents in the latest pulse" in html
    assert 'Small Team (2026-Q2): <span class="muted">hidden: fewer than 5 answers' in html


@pytest.mark.django_db
def test_pulse_list_shows_figures_or_why_not_in_few_queries(
    client, bob, customer, settings, django_assert_max_num_queries
):
    settings.RAPPORT_ANONYMITY_K = 5
    _round(customer, "2026-Q1", 4)
    _round(customer, "2026-Q2", 6)
    client.force_login(bob)
    url = reverse("feedback:pulse")
    with django_assert_max_num_queries(12) as few:
        html = client.get(url).content.decode()
    assert "hidden: fewer than 5 answers" in html and "7.5" in html
    for i in range(12):
        _round(CustomerFactory(name=f"Customer {i:02d}"), "2026-Q2", i % 7)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_empty_pulse_list_says_what_to_do(client, alice):
    client.force_login(alice)
    html = client.get(reverse("feedback:pulse")).content.decode()
    assert "No pulse yet." in html and "open one now" in html


@pytest.mark.django_db
def test_round_page_escapes_comments_and_hides_them_under_k(client, alice, customer, settings):
    settings.RAPPORT_ANONYMITY_K = 3
    settings.RAPPORT_ANONYMITY_K_COMMENTS = 4
    few = _round(customer, "2026-Q1", 3, comment="<script>alert(1)</script>")
    enough = _round(customer, "2026-Q2", 4, comment="<script>alert(1)</script>")
    client.force_login(alice)
    hidden = client.get(reverse("feedback:pulse_round", args=[few.pk])).content.decode()
    assert "alert(1)" not in hidden and "comments hidden: fewer than 4 answers" in hidden
    shown = client.get(reverse("feedback:pulse_round", args=[enough.pk])).content.decode()
    assert "<script>alert(1)</script>" not in shown and "&lt;script&gt;alert(1)" in shown


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "status"), [("alice", 302), ("bob", 302), ("carol", 403), ("erin", 403)]
)
def test_only_pmo_roles_open_a_pulse(client, users, customer, who, status):
    client.force_login(users[who])
    reply = client.post(reverse("feedback:pulse_open"), {"customer": customer.pk})
    assert reply.status_code == status
    assert PulseRound.objects.filter(customer=customer).exists() == (status == 302)


@pytest.mark.django_db
def test_closing_from_the_console(client, bob, customer):
    round_ = _round(customer, "2026-Q2", 0)
    PulseRound.objects.filter(pk=round_.pk).update(state="open")
    client.force_login(bob)
    client.post(reverse("feedback:pulse_close", args=[round_.pk]))
    round_.refresh_from_db()
    assert round_.state == "closed" and round_.closed_at is not None
