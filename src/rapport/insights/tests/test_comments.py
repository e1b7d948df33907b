"""Comment sentiment (VADER) and recurring themes behind an anonymity threshold."""

from __future__ import annotations

from rapport.insights.analytics import Comment, mean_sentiment, recurring_themes, sentiment
from rapport.insights.analytics.comments import label, themes_of


def test_sentiment_sign():
    assert sentiment("The team is great and very helpful.") > 0.05
    assert sentiment("Terrible communication, we are angry and disappointed.") < -0.05
    assert label(sentiment("")) == "neutral"
    assert mean_sentiment(["", "  "]) is None


def test_themes_match_whole_words_and_phrases():
    assert themes_of("The invoice was late and over budget") == {"cost", "schedule"}
    assert themes_of("Nothing was delivered on time") == {"schedule"}
    assert themes_of("emailing") == set()  # "email" must be a whole word


def _comments(n, text, prefix="r"):
    return [Comment(text, respondent_id=f"{prefix}{i}") for i in range(n)]


def test_themes_need_k_distinct_respondents():
    comments = _comments(7, "The schedule slipped again") + _comments(6, "Budget overrun", "s")
    themes = recurring_themes(comments)
    assert [t.theme for t in themes] == ["schedule"]
    assert themes[0].respondents == 7 and themes[0].comments == 7
    assert ("schedule", 7) in themes[0].top_words


def test_many_comments_from_one_person_do_not_make_a_theme():
    comments = [Comment("Bugs everywhere", respondent_id="r1") for _ in range(20)]
    assert recurring_themes(comments, k=3) == []


def test_anonymous_comments_count_as_one_respondent():
    comments = [Comment("Bugs everywhere") for _ in range(10)]
    assert recurring_themes(comments, k=3) == []


def test_k_is_never_below_three():
    comments = _comments(2, "Great team")
    assert recurring_themes(comments, k=1) == []
    assert [t.theme for t in recurring_themes(_comments(3, "Great team"), k=1)] == ["people"]
