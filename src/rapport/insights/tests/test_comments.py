"""Comment sentiment and recurring themes behind an anonymity threshold (pure)."""

from __future__ import annotations

import pytest

from rapport.demo.comments import DRAWS as DEMO_DRAWS
from rapport.demo.comments import WORDS as DEMO_WORDS
from rapport.demo.comments import comment as demo_comment
from rapport.insights.analytics import Comment, mean_sentiment, recurring_themes, sentiment
from rapport.insights.analytics.comments import (
    default_taxonomy,
    label,
    read,
    shipped_topics,
    taxonomy_from,
    themes_of,
)
from rapport.insights.analytics.text import LANGUAGES, check_pattern, compile_patterns


def test_sentiment_sign():
    assert sentiment("The team is great and very helpful.") > 0.05
    assert sentiment("Terrible communication, we are angry and disappointed.") < -0.05
    assert label(sentiment("")) == "neutral"
    assert mean_sentiment(["", "  "]) is None


def test_project_words_vader_lacks_count_in_english():
    assert sentiment("The reports are always late.") < -0.05
    assert sentiment("Too many bugs and the invoice is overdue.") < -0.05


def test_themes_match_whole_words_stems_and_phrases():
    assert themes_of("The invoice was late and over budget") == {"budget", "schedule"}
    assert themes_of("Nothing was delivered on time") >= {"schedule"}
    assert themes_of("Delays again") == {"schedule"}  # delay* covers the plural
    assert themes_of("emailing") == set()  # "email" is a whole word, not a prefix


def _comments(n, text, prefix="r", language=None):
    return [Comment(text, respondent_id=f"{prefix}{i}", language=language) for i in range(n)]


def test_themes_need_k_distinct_respondents():
    comments = _comments(7, "The schedule slipped again") + _comments(6, "Budget overrun", "s")
    themes = recurring_themes(comments, emerging=False)
    assert [t.theme for t in themes] == ["schedule"]
    assert themes[0].respondents == 7 and themes[0].comments == 7
    assert themes[0].name == "Schedule and delays"
    assert ("schedule", 7) in themes[0].top_words


def test_many_comments_from_one_person_do_not_make_a_theme():
    comments = [Comment("Bugs everywhere", respondent_id="r1") for _ in range(20)]
    assert recurring_themes(comments, k=3) == []


def test_anonymous_comments_count_as_one_respondent():
    comments = [Comment("Bugs everywhere") for _ in range(10)]
    assert recurring_themes(comments, k=3) == []


def test_k_is_never_below_three():
    assert recurring_themes(_comments(2, "Great team"), k=1) == []
    assert [t.theme for t in recurring_themes(_comments(3, "Great team"), k=1)] == ["people"]


DEMO_TOPICS = (
    "schedule",
    "communication",
    "reporting",
    "involvement",
    "planning",
    "value",
    "responsiveness",
)


def test_demo_comments_say_their_topic_in_the_tone_of_their_score():
    """Every comment the demo writes (rapport.demo.comments) reads as its topic, in its
    language, and a complaint reads negative, praise positive."""
    taxonomy = default_taxonomy()
    assert len(DEMO_WORDS) == len(DEMO_TOPICS)
    for topic, tones in zip(DEMO_TOPICS, DEMO_WORDS, strict=True):
        for tone, languages in tones.items():
            assert set(languages) == {"en", "fr", "de"}
            for language, texts in languages.items():
                for text in texts:
                    reading = read(text, language, taxonomy)
                    assert reading.language == language, text
                    assert topic in reading.topics, (text, reading.topics)
                    if tone == "low":
                        assert reading.score < -0.05, (text, reading.score)
                    elif tone == "high":
                        assert reading.score > 0.05, (text, reading.score)


def test_demo_comments_give_several_meaningful_themes():
    """The demo's comment texts, each written by eight people: one theme per thing said."""
    texts = [demo_comment(draw, 6, "en", 1) for draw in range(DEMO_DRAWS)]
    texts = [t for t in texts if t]
    comments = [c for n, text in enumerate(texts) for c in _comments(8, text, prefix=f"p{n}-")]
    themes = {t.theme: t for t in recurring_themes(comments)}
    assert set(DEMO_TOPICS) <= set(themes)
    assert themes["responsiveness"].respondents == 8  # "We need one person to call."
    praise = [demo_comment(5, 9, "en", 2)] * 8  # "Good progress this month."
    value = recurring_themes([Comment(t, f"q{i}") for i, t in enumerate(praise)])
    assert value[0].theme == "value" and value[0].mean_sentiment > 0.05


def test_sentiment_per_theme_reads_the_clause_that_mentions_it():
    reading = read("Good team but the reports are always late.", "en", default_taxonomy())
    assert reading.topics["people"] > 0.05
    assert reading.topics["reporting"] < -0.05 and reading.topics["schedule"] < -0.05


def test_theme_counts_positive_and_negative_comments():
    comments = _comments(4, "The team is great.") + _comments(3, "The team is terrible.", "s")
    (theme,) = recurring_themes(comments, emerging=False)
    assert (theme.positive, theme.negative, theme.comments) == (4, 3, 7)


def test_quotes_only_from_quotable_comments():
    secret = [Comment("The budget is a disaster.", f"a{i}") for i in range(6)]
    shown = [Comment("Budget overrun again, very disappointing.", "b", quotable=True)]
    (theme,) = recurring_themes(secret + shown, emerging=False)
    assert theme.quotes == ("Budget overrun again, very disappointing.",)
    (theme,) = recurring_themes([*secret, Comment("Budget overrun again.", "b")], emerging=False)
    assert theme.quotes == ()


def test_emerging_phrases_for_what_no_topic_covers():
    comments = _comments(7, "The parking situation at the site office is awful.") + _comments(
        7, "Our badge requests get lost.", "s"
    )
    themes = recurring_themes(comments)
    emerging = [t for t in themes if t.kind == "emerging"]
    phrases = {t.theme for t in emerging}
    assert any("parking" in p for p in phrases)
    assert any("badge" in p for p in phrases)
    parking = next(t for t in emerging if "parking" in t.theme)
    assert parking.respondents == 7 and parking.mean_sentiment < -0.05


def test_emerging_phrases_need_k_people_and_skip_covered_ones():
    few = _comments(6, "The parking situation at the site office is awful.")
    assert [t for t in recurring_themes(few) if t.kind == "emerging"] == []
    covered = _comments(9, "Reports arrive late.")
    assert all(t.kind == "topic" for t in recurring_themes(covered))


# --- languages -----------------------------------------------------------------------------------

EXAMPLES = [
    # (language, comment, topics it must hold, sentiment sign)
    (
        "fr",
        "Les comptes rendus arrivent toujours en retard, c'est frustrant.",
        {"reporting", "schedule"},
        -1,
    ),
    ("fr", "L'équipe est très réactive, merci !", {"people", "responsiveness"}, 1),
    (
        "fr",
        "Ce n'est pas clair, on n'est jamais informés des changements de date.",
        {"communication", "schedule"},
        -1,
    ),
    ("de", "Die Statusberichte kommen zu spät, das ist ärgerlich.", {"reporting", "schedule"}, -1),
    ("de", "Das Team ist sehr hilfsbereit und kompetent.", {"people"}, 1),
    ("de", "Die Projektkosten sind deutlich über dem Budget.", {"budget"}, 0),
    (
        "es",
        "El proyecto va con retraso y el presupuesto se ha disparado, muy decepcionante.",
        {"schedule", "budget"},
        -1,
    ),
    (
        "es",
        "Muy buen equipo, muy profesional y siempre disponible.",
        {"people", "responsiveness"},
        1,
    ),
    ("nl", "De planning loopt steeds uit, erg teleurstellend.", {"schedule"}, -1),
    ("nl", "Goede samenwerking met het team, fijn overleg.", {"people", "involvement"}, 1),
    (
        "it",
        "Il progetto è in ritardo e la comunicazione è scarsa.",
        {"schedule", "communication"},
        -1,
    ),
    ("it", "Ottimo lavoro del team, molto disponibili.", {"people", "responsiveness"}, 1),
    ("pt", "O projeto está atrasado e o orçamento estourou.", {"schedule", "budget"}, -1),
    ("pt", "A equipe é muito prestativa, obrigado!", {"people"}, 1),
    (
        "pt",
        "Os relatórios são claros e a formação ajudou muito os utilizadores.",
        {"reporting", "training"},
        1,
    ),
]


@pytest.mark.parametrize(("language", "text", "topics", "sign"), EXAMPLES)
def test_topics_and_sentiment_in_every_language(language, text, topics, sign):
    assert topics <= themes_of(text, language), themes_of(text, language)
    value = sentiment(text, language)
    if sign:
        assert value * sign > 0.05, value
    else:
        assert abs(value) < 0.5


@pytest.mark.parametrize(
    ("language", "positive", "negated"),
    [
        ("fr", "Le rapport est clair.", "Le rapport n'est pas clair."),
        ("de", "Das hilft.", "Das hilft nicht."),
        ("es", "El informe es claro.", "El informe no es claro."),
        ("nl", "Het verslag is duidelijk.", "Het verslag is niet duidelijk."),
        ("it", "Il resoconto è chiaro.", "Il resoconto non è chiaro."),
        ("pt", "O relatório é claro.", "O relatório não é claro."),
    ],
)
def test_negation_flips_the_sentiment(language, positive, negated):
    assert sentiment(positive, language) > 0.05
    assert sentiment(negated, language) < -0.05


def test_negation_stays_in_its_sentence():
    # "nicht" ends with its sentence: the next sentence's complaint stays one.
    assert sentiment("Wir wurden nicht einbezogen. Unzufrieden.", "de") < -0.05
    assert sentiment("Nous n'avons pas été consultés. Décevant.", "fr") < -0.05
    assert sentiment("Das hilft nicht.", "de") < -0.05  # within a sentence, as before


def test_no_delay_is_not_a_complaint():
    assert sentiment("Pas de retard ce mois-ci.", "fr") > 0
    assert sentiment("Nicht schlecht.", "de") > 0


def test_patterns_of_one_language_do_not_fire_on_another():
    # German "termin*" would match the English "terminal"; English text uses English patterns.
    assert "schedule" not in themes_of("The terminal room is cold.", "en")
    assert "schedule" in themes_of("Der Termin ist verschoben.", "de")


def test_the_words_decide_the_language_over_the_hint():
    # A French comment typed into an English survey is read as French.
    assert themes_of("Les comptes rendus sont toujours en retard.", "en") >= {
        "reporting",
        "schedule",
    }
    assert sentiment("Les comptes rendus sont toujours en retard, c'est nul.", "en") < -0.05


def test_every_shipped_topic_speaks_every_language_and_compiles():
    for topic in shipped_topics():
        assert set(topic["phrases"]) == set(LANGUAGES), topic["key"]
        for lang, phrases in topic["phrases"].items():
            assert phrases, (topic["key"], lang)
            assert compile_patterns(check_pattern(p) for p in phrases) is not None
    assert len(default_taxonomy().topics) >= 12


def test_bad_patterns_are_refused_with_a_reason():
    with pytest.raises(ValueError, match="at least 3 letters"):
        check_pattern("a*")
    with pytest.raises(ValueError, match="letters and spaces"):
        check_pattern("late|early")
    with pytest.raises(ValueError, match="empty"):
        check_pattern("   ")
    assert check_pattern("  Délai  de Réponse ") == "delai de reponse"


def test_a_custom_taxonomy_replaces_the_shipped_one():
    tax = taxonomy_from(
        [{"key": "parking", "name": "Parking", "phrases": {"en": ["parking", "car park*"]}}]
    )
    comments = _comments(7, "No parking near the car parks.")
    themes = recurring_themes(comments, taxonomy=tax, emerging=False)
    assert [(t.theme, t.name) for t in themes] == [("parking", "Parking")]
