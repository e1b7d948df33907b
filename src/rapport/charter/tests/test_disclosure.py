"""The charter's survey score goes through the disclosure layer: a month's value is its
attributed answers plus whole released blocks of confidential or anonymous answers, never a
month's raw protected answers. An attacker holding every value (and every block a review page
shows) isolates nobody; the old per-month mean over raw answers is caught."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from rapport.charter import measures, services
from rapport.disclosure.release import load_partition
from rapport.disclosure.rules import figure_threshold
from rapport.disclosure.tests.attacker import Release, attack
from rapport.feedback.models import Invitation, Response, ReviewCycle
from rapport.testing.factories import (
    CustomerFactory,
    ProjectFactory,
    ResponseFactory,
    ReviewCycleFactory,
    StakeholderFactory,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 7, 20)
MONTHS = measures.month_ends(TODAY, 12)
SCORE = measures.MEASURES["principle_score"]


def _end(period: str) -> dt.date:
    return next(m for m in MONTHS if measures.period_of(m) == period)


def _answer(cycle, person, score):
    """``person`` answers ``cycle``: ``score`` to "transparency" ("skip": not that question)."""
    anonymous = cycle.confidentiality == "anonymous"
    invitation = Invitation.objects.create(
        cycle=cycle,
        stakeholder=person,
        email=person.email,
        expires_at=dt.datetime(2027, 1, 1, tzinfo=dt.UTC),
        used=score is not None,
    )
    if score is None:
        return {}
    answers = {"overall": 7} if score == "skip" else {"overall": 7, "transparency": score}
    response = ResponseFactory(
        cycle=cycle,
        invitation=None if anonymous else invitation,
        stakeholder=None if anonymous else person,
        scores=answers,
    )
    customer = cycle.project.customer_id
    return {response.pk: (person.pk, cycle.period, score, cycle.confidentiality, customer)}


def _review(project, period, people, scores, *, culture, state="closed", meeting=None):
    """One review: ``scores[i]`` is what ``people[i]`` answered to "transparency" (None: did not
    answer; "skip": answered, but not that question). ``meeting``: a score agreed openly."""
    cycle = ReviewCycleFactory(project=project, period=period, state=state, confidentiality=culture)
    made = {}
    for person, score in zip(people, scores, strict=True):
        made |= _answer(cycle, person, score)
    if meeting is not None:
        response = ResponseFactory(
            cycle=cycle,
            source="meeting",
            confidentiality="attributed",
            scores={"transparency": meeting},
        )
        made[response.pk] = (
            f"meeting {response.pk}",
            period,
            meeting,
            "attributed",
            project.customer_id,
        )
    return cycle, made


def _load(customer):
    return SCORE.loader(customer.pk, MONTHS, "transparency")


@pytest.fixture
def strict(settings):
    settings.RAPPORT_ANONYMITY_K = 5
    settings.RAPPORT_ANONYMITY_K_COMMENTS = 7


@pytest.mark.parametrize("culture", ["confidential", "anonymous"])
def test_a_closed_review_of_k_people_counts_whole_in_its_month_and_a_smaller_one_not(
    strict, culture
):
    customer = CustomerFactory(feedback_culture=culture)
    project = ProjectFactory(customer=customer)
    people = [StakeholderFactory(customer=customer) for _ in range(5)]
    _review(project, "2026-03", people, [6, 7, 8, 9, 10], culture=culture, meeting=4)
    _review(project, "2026-04", people, [1, 2, 3, 4, None], culture=culture)
    series = _load(customer)
    assert series[_end("2026-03")] == round((40 + 4) / 6, 1)
    # Four people in April: not a block of its own, and the quarter (nobody else answered in
    # it) stays under k, so April has no value, and no later month carries it.
    assert series[_end("2026-04")] is None
    assert all(series[m] is None for m in MONTHS if m > _end("2026-03"))
    assert "4 answers given in confidence are not shown yet" in series.withheld
    assert "at least 5 people" in series.withheld


def test_an_open_review_shows_nothing_until_it_closes(strict):
    customer = CustomerFactory(feedback_culture="confidential")
    project = ProjectFactory(customer=customer)
    people = [StakeholderFactory(customer=customer) for _ in range(6)]
    cycle, _ = _review(
        project, "2026-07", people, [9, 9, 8, 8, 7, 7], culture="confidential", state="responded"
    )
    assert _load(customer)[_end("2026-07")] is None
    assert "6 answers given in confidence are not shown yet" in _load(customer).withheld
    ReviewCycle.objects.filter(pk=cycle.pk).update(state="closed")
    assert _load(customer)[_end("2026-07")] == 8.0
    assert _load(customer).withheld == ""


def test_small_reviews_pool_over_the_customers_quarter_shown_on_its_last_month(strict):
    customer = CustomerFactory(feedback_culture="anonymous")
    first, second = ProjectFactory(customer=customer), ProjectFactory(customer=customer)
    a = [StakeholderFactory(customer=customer) for _ in range(3)]
    b = [StakeholderFactory(customer=customer) for _ in range(3)]
    _review(first, "2026-01", a, [4, 5, 6], culture="anonymous")
    _review(first, "2026-02", a, [5, None, None], culture="anonymous")
    _review(second, "2026-02", b, [8, 9, 10], culture="anonymous")
    _review(first, "2026-03", a, [None, None, None], culture="anonymous")
    _review(second, "2026-03", b, [None, None, None], culture="anonymous")
    series = _load(customer)
    assert series[_end("2026-01")] is None and series[_end("2026-02")] is None
    assert series[_end("2026-03")] == round((4 + 5 + 6 + 5 + 8 + 9 + 10) / 7, 1)
    assert "pooled over a quarter" in series.withheld


def test_a_projects_quarter_pools_its_small_reviews_and_nothing_finer_leaks(strict):
    customer = CustomerFactory(feedback_culture="confidential")
    project = ProjectFactory(customer=customer)
    people = [StakeholderFactory(customer=customer) for _ in range(6)]
    answers = {}
    for n, period in enumerate(("2026-04", "2026-05", "2026-06")):
        scores = [None] * 6
        scores[2 * n], scores[2 * n + 1] = 3 + n, 9 - n
        answers |= _review(project, period, people, scores, culture="confidential", meeting=5)[1]
    series = _load(customer)
    assert series[_end("2026-04")] == 5.0 and series[_end("2026-05")] == 5.0  # meetings only
    assert series[_end("2026-06")] == round((36 + 5) / 7, 1)
    result = attack(_releases([customer], answers, _load), _unknowns(answers), _persons(answers))
    assert result.isolated == [] and result.smallest_atom == 6


def test_a_quarter_still_under_way_is_not_cut(strict):
    customer = CustomerFactory(feedback_culture="anonymous")
    first, second = ProjectFactory(customer=customer), ProjectFactory(customer=customer)
    a = [StakeholderFactory(customer=customer) for _ in range(3)]
    b = [StakeholderFactory(customer=customer) for _ in range(3)]
    _review(first, "2026-07", a, [4, 5, 6], culture="anonymous")
    _review(second, "2026-07", b, [8, 9, 10], culture="anonymous")
    assert set(_load(customer).values()) == {None}


def test_attributed_neighbours_do_not_reveal_one_anonymous_answer(strict):
    """The old measure pooled a month's answers once k of them were in: four answers agreed
    openly plus one anonymous one gave a mean of five, and the anonymous score by subtraction."""
    customer = CustomerFactory(feedback_culture="anonymous")
    projects = [ProjectFactory(customer=customer) for _ in range(4)]
    person = StakeholderFactory(customer=customer)
    _review(projects[0], "2026-05", [person], [2], culture="anonymous", meeting=8)
    for p in projects[1:]:
        _review(p, "2026-05", [], [], culture="attributed", meeting=8)
    assert _load(customer)[_end("2026-05")] == 8.0


def test_a_question_skipped_by_some_shows_only_where_k_people_answered_it(strict):
    customer = CustomerFactory(feedback_culture="confidential")
    project = ProjectFactory(customer=customer)
    people = [StakeholderFactory(customer=customer) for _ in range(6)]
    _review(project, "2026-02", people, [5, 5, 5, 5, "skip", "skip"], culture="confidential")
    _review(project, "2026-03", people, [5, 6, 7, 8, 9, "skip"], culture="confidential")
    series = _load(customer)
    assert series[_end("2026-02")] is None  # the review is out, its transparency mean is not
    assert series[_end("2026-03")] == 7.0


def test_the_scorecard_page_says_why_values_are_withheld(client, strict, alice, erin):
    customer = CustomerFactory(feedback_culture="confidential", name="Harmony Group")
    project = ProjectFactory(customer=customer)
    people = [StakeholderFactory(customer=customer) for _ in range(3)]
    _review(project, "2026-06", people, [2, 9, 9], culture="confidential")
    charter = services.start_charter(customer, by=alice)
    services.add_principle(
        charter,
        by=alice,
        name="Openness",
        measure="principle_score",
        target=8,
        survey_principle="transparency",
    )
    for user in (alice, erin):
        client.force_login(user)
        html = client.get(reverse("charter:scorecard", args=[customer.pk])).content.decode()
        assert "3 answers given in confidence are not shown yet" in html
        assert "6.7" not in html


# --- the attacker -------------------------------------------------------------------------------


def _releases(customers, answers, series_of):
    """Every charter value a reader sees, each with the documented set it is over (checked:
    the month's attributed answers and the whole released blocks of that month, each where at
    least k people answered the question), plus each such block alone, as the review pages and
    the agenda show it. Sets are of answers to the one question, so the attack is exact."""
    partition = load_partition(today=TODAY)
    shown = {}  # block key → its answers to the question, where released
    for block in partition.released():
        with_code = [a for a in block.answer_ids if isinstance(answers[a][2], int)]
        if partition.respondents(with_code) >= partition.k:
            shown[block.key] = frozenset(with_code)
    releases = [Release(key, ids, len(ids), None) for key, ids in shown.items()]
    for customer in customers:
        for month, value in series_of(customer).items():
            period = measures.period_of(month)
            ids = {
                a
                for a, (_who, p, score, culture, owner) in answers.items()
                if culture == "attributed"
                and p == period
                and owner == customer.pk
                and isinstance(score, int)
            }
            for block in partition.released():
                if block.customer_id == customer.pk and block.release_period == period:
                    ids |= shown.get(block.key, frozenset())
            if value is None:
                assert not ids, f"{customer} {period}: no value, but {len(ids)} answers shown"
                continue
            true = round(sum(answers[a][2] for a in ids) / len(ids), 1)
            assert value == true, f"{customer} {period}: {value} but its basis gives {true}"
            releases.append(Release(f"charter {customer.pk} {period}", frozenset(ids), 0, value))
    return releases


@st.composite
def customers(draw):
    out = []
    for _ in range(draw(st.integers(1, 2))):
        culture = draw(st.sampled_from(["confidential", "anonymous"]))
        projects = []
        for _ in range(draw(st.integers(1, 3))):
            people = draw(st.integers(1, 6))
            # Most answer (whole reviews reach k), or few do (small reviews, pooled quarters).
            if draw(st.booleans()):
                answer = st.one_of(
                    st.integers(1, 10), st.integers(1, 10), st.none(), st.just("skip")
                )
            else:
                answer = st.one_of(st.integers(1, 10), st.none(), st.none())
            months = []
            for period in ("2026-04", "2026-05", "2026-06", "2026-07"):
                months.append(
                    {
                        "scores": [draw(answer) for _ in range(people)],
                        "meeting": draw(st.one_of(st.none(), st.integers(1, 10))),
                        # Earlier months: sometimes one review still open (quarter not cut).
                        "open": draw(st.booleans())
                        if period == "2026-07"
                        else draw(st.integers(0, 9)) == 0,
                    }
                )
            projects.append({"people": people, "months": months})
        out.append({"culture": culture, "projects": projects})
    return out


def _build(spec):
    built, answers = [], {}
    for cspec in spec:
        customer = CustomerFactory(feedback_culture=cspec["culture"])
        for pspec in cspec["projects"]:
            project = ProjectFactory(customer=customer)
            people = [StakeholderFactory(customer=customer) for _ in range(pspec["people"])]
            for period, month in zip(
                ("2026-04", "2026-05", "2026-06", "2026-07"), pspec["months"], strict=True
            ):
                _cycle, made = _review(
                    project,
                    period,
                    people,
                    month["scores"],
                    culture=cspec["culture"],
                    state="responded" if month["open"] else "closed",
                    meeting=month["meeting"],
                )
                answers |= made
        built.append(customer)
    return built, answers


def _unknowns(answers):
    return [a for a, row in answers.items() if row[3] != "attributed"]


def _persons(answers):
    return {a: who for a, (who, *_rest) in answers.items()}


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=customers(), k=st.sampled_from([3, 5]))
def test_no_charter_value_lets_a_reader_isolate_a_protected_answer(spec, k, db, settings):
    settings.RAPPORT_ANONYMITY_K = k
    assert figure_threshold() == k
    with transaction.atomic():
        built, answers = _build(spec)
        releases = _releases(built, answers, _load)
        for release in releases:
            event(f"released: {release.source.split(':')[0].split(' ')[0]}")
        result = attack(releases, _unknowns(answers), _persons(answers))
        assert result.isolated == []
        assert result.smallest_atom is None or result.smallest_atom >= k
        transaction.set_rollback(True)


def _leaky(customer):
    """The measure as it was: each month's raw answers, shown once k of them are in."""
    rows = list(
        Response.objects.filter(project__customer=customer).values_list("id", "period", "scores")
    )
    out = []
    for month in MONTHS:
        period = measures.period_of(month)
        ids = frozenset(
            rid for rid, p, s in rows if p == period and s.get("transparency") is not None
        )
        if len(ids) >= 5:
            out.append(Release(f"leaky {period}", ids, len(ids), None))
    return out


def test_the_old_monthly_mean_is_caught_by_the_attacker(strict):
    """Two leaks of the old measure, both closed by the layer: four scores agreed openly next
    to one anonymous answer, and a watcher reading an open review's month before and after its
    sixth answer."""
    customer = CustomerFactory(feedback_culture="anonymous")
    projects = [ProjectFactory(customer=customer) for _ in range(4)]
    people = [StakeholderFactory(customer=customer) for _ in range(6)]
    _, answers = _review(projects[0], "2026-05", people[:1], [3], culture="anonymous", meeting=8)
    for p in projects[1:]:
        answers |= _review(p, "2026-05", [], [], culture="attributed", meeting=8)[1]
    june, made = _review(
        projects[0], "2026-06", people[:5], [6, 7, 8, 9, 10], culture="anonymous", state="invited"
    )
    answers |= made
    leaky, layered = _leaky(customer), _releases([customer], answers, _load)
    answers |= _answer(june, people[5], 2)  # the watcher reads again after one more answer
    leaky += _leaky(customer)
    layered += _releases([customer], answers, _load)
    persons = _persons(answers)
    caught = attack(leaky, _unknowns(answers), persons)
    assert len(caught.isolated) == 2  # May's anonymous answer and June's sixth
    safe = attack(layered, _unknowns(answers), persons)
    assert safe.isolated == [] and safe.smallest_atom is None  # nothing protected released yet
    ReviewCycle.objects.filter(pk=june.pk).update(state="closed")
    layered += _releases([customer], answers, _load)
    safe = attack(layered, _unknowns(answers), persons)
    assert safe.isolated == [] and safe.smallest_atom == 6
