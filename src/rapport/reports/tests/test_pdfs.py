"""The three PDFs: their sections, their language, their metadata, and what each reader sees."""

from __future__ import annotations

import re

import pytest

from rapport.charter.services import start_charter
from rapport.reports.services import build_report
from rapport.reports.tests.helpers import pdf_info, pdf_text, recompute, scored_project

pytestmark = pytest.mark.django_db

FIGURES = re.compile(r"\b[2-9]\.\d\b")  # a score-like figure (θ, a mean, an interval end)


@pytest.fixture
def portfolio(project, other_project, django_capture_on_commit_callbacks):
    scored_project(
        project,
        scores=[8, 8, 8, 8, 8, 3],
        issue="The weekly report is too long to read.",
        action="Cut the weekly report to one page",
    )
    scored_project(other_project, scores=[7, 7, 6, 7, 7, 7])
    recompute(django_capture_on_commit_callbacks)
    return project


def test_portfolio_review_holds_its_sections(portfolio, alice):
    text = pdf_text(build_report("portfolio", alice).pdf)
    for section in (
        "Portfolio health review",
        "Headline figures",
        "projects with health in",
        "Adjusted scores against the number of answers",
        "Projects needing attention",
        "Overdue actions",
        "Cut the weekly report to one page",
        "By customer",
        "Retail Banking",
        "What comments say",
        "Health by month",
        "Branch booking",
        "Page 1 /",
        "Confidential",
    ):
        assert section in text, section
    # On paper nothing hovers: the heatmap's title says what the colours mean instead.
    assert "hover" not in text and "month by month (key below)" in text


def test_every_chart_in_the_pdfs_has_its_text_alternative(portfolio, alice, carol):
    text = pdf_text(build_report("portfolio", alice).pdf)
    assert text.count("Data behind this chart") >= 3  # funnel, heatmap, each customer's trend
    assert "Health of 2 projects by month" in text
    assert "inside the limits" in text
    one_pager = pdf_text(build_report("project", carol, portfolio.pk).pdf)
    assert "Data behind this chart" in one_pager and "Adjusted score θ" in one_pager


def test_portfolio_review_names_no_project_manager(portfolio, alice, carol, dave):
    text = pdf_text(build_report("portfolio", alice).pdf)
    for person in (carol, dave):
        assert person.full_name not in text and person.email not in text
    assert "Manager" not in text.replace("project manager", "")


def test_sponsors_get_the_portfolio_without_alerts_or_comments(portfolio, erin):
    text = pdf_text(build_report("portfolio", erin).pdf)
    assert "Headline figures" in text and "Health by month" in text
    assert "Alerts cite single answers" in text
    assert "What comments say" not in text


def test_pdf_metadata_title_language_and_tags(portfolio, alice):
    info = pdf_info(build_report("project", alice, portfolio.pk).pdf)
    assert "Title:" in info and "Branch booking" in info
    assert re.search(r"Tagged:\s+yes", info)


def test_project_one_pager_holds_its_sections(portfolio, carol):
    text = pdf_text(build_report("project", carol, portfolio.pk).pdf)
    for section in (
        "Branch booking",
        "Adjusted score θ",
        "95 % interval",
        "Signals, in words",
        "Issues and actions",
        "The weekly report is too long to read.",
        "Next review",
    ):
        assert section in text, section


def test_a_french_customer_gets_a_french_pack(portfolio, alice):
    customer = portfolio.customer
    customer.language = "fr"
    customer.save()
    start_charter(customer, by=alice)
    report = build_report("customer", alice, customer.pk)
    assert report.language == "fr"
    text = pdf_text(report.pdf)
    for words in (
        "Votre bilan",
        "Ce que vous nous avez dit",
        "The weekly report is too long to read.",  # the customer's own words, as said
        "Ce que nous avons fait, et pour quand",
        "En retard",
        "Votre feuille de route",
        "Comment nous tenons nos engagements",
        "Alignement stratégique",
        "La suite",
    ):
        assert words in text, words
    assert "What you told us" not in text
    assert re.search(r"Title:\s+Votre bilan", pdf_info(report.pdf))


def test_an_english_customer_gets_the_english_pack(portfolio, alice):
    text = pdf_text(build_report("customer", alice, portfolio.customer_id).pdf)
    for words in (
        "What you told us",
        "What we did, and by when",
        "Your roadmap",
        "What comes next",
    ):
        assert words in text, words


@pytest.fixture
def anonymous_few(project, django_capture_on_commit_callbacks, alice):
    """Two anonymous people a month: never enough for a figure (k = 5)."""
    scored_project(
        project,
        scores=[8, 8, 7, 2, 2, 2],
        culture="anonymous",
        people=2,
        issue="Decisions wait too long for sign-off.",
        action="Name a backup for every sign-off",
    )
    start_charter(project.customer, by=alice)
    recompute(django_capture_on_commit_callbacks)
    return project


@pytest.mark.parametrize("reader", ["alice", "carol", "erin"])
def test_an_anonymous_customers_figures_stay_hidden_in_every_pdf(anonymous_few, reader, request):
    user = request.getfixturevalue(reader)
    texts = [
        pdf_text(build_report("project", user, anonymous_few.pk).pdf),
        pdf_text(build_report("customer", user, anonymous_few.customer_id).pdf),
    ]
    if reader != "carol":
        texts.append(pdf_text(build_report("portfolio", user).pdf))
    for text in texts:
        text = re.sub(r"[≥≤] \d+(\.\d)?", "", text)  # the charter's targets are not answers
        assert not FIGURES.search(text), FIGURES.search(text)
    assert "given in confidence" in texts[0]
    assert "not known yet" in texts[1] and "given in confidence are not counted" in texts[1]


def test_a_sponsor_reads_no_words_said_in_confidence(anonymous_few, erin, carol):
    sponsor = pdf_text(build_report("customer", erin, anonymous_few.customer_id).pdf)
    assert "Decisions wait too long" not in sponsor
    assert "Name a backup" not in sponsor
    assert "1 point raised in confidence" in sponsor
    manager = pdf_text(build_report("customer", carol, anonymous_few.customer_id).pdf)
    # The pack is forwarded to the customer's people: words said in confidence stay out of it
    # whoever writes it; what we did is the PMO's own words.
    assert "Decisions wait too long" not in manager
    assert "1 point raised in confidence" in manager and "Name a backup" in manager
    one_pager = pdf_text(build_report("project", carol, anonymous_few.pk).pdf)
    assert "Decisions wait too long" in one_pager  # the manager's own page: relayed words
