"""The plain-language check: readability, long sentences, acronyms, passive voice, jargon."""

from __future__ import annotations

import pytest

from rapport.plainlanguage import services
from rapport.plainlanguage.check import (
    GlossaryEntry,
    Kind,
    check_text,
    find_passive_voice,
    find_undefined_acronyms,
    register_customer_text,
    registered_customer_texts,
    split_sentences,
)
from rapport.plainlanguage.models import GlossaryTerm
from rapport.plainlanguage.starter_glossary import STARTER_GLOSSARY

GLOSSARY = [GlossaryEntry(*row) for row in STARTER_GLOSSARY]
GOOD = "We fix what bothers you first. Each month you tell us how it went, in 15 minutes."
BAD = (
    "The organizational transformation initiative will facilitate comprehensive stakeholder "
    "alignment across interdependent workstreams, notwithstanding considerable implementation "
    "complexity and institutional resistance across every operating division of the group."
)


def kinds(report) -> set[str]:
    return {i.kind for i in report.issues}


def test_a_plain_text_passes_with_its_figures():
    report = check_text(GOOD, glossary=GLOSSARY)
    assert report.passes and report.issues == ()
    assert report.reading_ease >= 60 and report.grade <= 9
    assert report.sentence_count == 2 and report.longest_sentence == 11


def test_a_dense_text_fails_on_readability_length_and_jargon():
    report = check_text(BAD, glossary=GLOSSARY)
    assert not report.passes
    assert {Kind.READING_EASE, Kind.GRADE, Kind.LONG_SENTENCE, Kind.JARGON} <= kinds(report)
    long = next(i for i in report.issues if i.kind == Kind.LONG_SENTENCE)
    assert long.span == BAD and "26 words" in long.message
    jargon = {i.span.lower() for i in report.issues if i.kind == Kind.JARGON}
    assert jargon == {"stakeholder", "workstreams"}
    assert "Not plain language yet" in report.summary()


def test_sentences_of_19_words_pass_and_20_fail():
    nineteen = " ".join(["cat"] * 18) + " sat."
    twenty = " ".join(["cat"] * 19) + " sat."
    assert Kind.LONG_SENTENCE not in kinds(check_text(nineteen))
    assert Kind.LONG_SENTENCE in kinds(check_text(twenty))


def test_sentences_split_on_stops_and_line_breaks():
    text = "One. Two words!\nThree words here\n\nFour? "
    assert [s.text for s in split_sentences(text)] == [
        "One.",
        "Two words!",
        "Three words here",
        "Four?",
    ]
    first = split_sentences(text)[1]
    assert text[first.start : first.end] == "Two words!"


def test_empty_text_passes_without_figures():
    report = check_text("   ")
    assert report.passes and report.reading_ease is None and report.word_count == 0


@pytest.mark.parametrize(
    "text",
    [
        "The project office (PMO) helps you. The PMO is small.",
        "The PMO (project office) helps you. The PMO is small.",
        "Send it as a PDF. That is OK with us.",
        "We track each KPIs (key signs of success) for you.",
    ],
)
def test_defined_or_well_known_acronyms_are_fine(text):
    assert find_undefined_acronyms(text) == []


def test_an_acronym_used_before_its_definition_is_flagged_once():
    text = "The PMO helps. The PMO is small. The project office (PMO) is near."
    issues = find_undefined_acronyms(text)
    assert len(issues) == 1
    assert issues[0].span == "PMO" and issues[0].start == 4
    assert "Full words (PMO)" in issues[0].suggestion


def test_an_acronym_the_customer_uses_themselves_is_not_flagged():
    text = "We lift OTIF for you."
    assert Kind.ACRONYM in kinds(check_text(text))
    assert Kind.ACRONYM not in kinds(check_text(text, customer_words=["OTIF", "days of cover"]))


def test_glossary_acronyms_are_reported_once_as_jargon():
    report = check_text("We share a RACI with you.", glossary=GLOSSARY)
    assert [i.kind for i in report.issues] == [Kind.JARGON]
    assert report.issues[0].suggestion.startswith("Say “who does what”")


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("The report was written by the team.", "was written"),
        ("Your request is being reviewed.", "being reviewed"),
        ("The plan was quickly approved.", "was quickly approved"),
        ("Mistakes were made.", "were made"),
    ],
)
def test_passive_voice_is_advice_with_the_span(text, span):
    issues = find_passive_voice(text)
    assert [i.span for i in issues] == [span]
    assert not issues[0].blocking
    assert check_text(text).passes  # advice never fails a text on its own


@pytest.mark.parametrize(
    "text", ["We wrote the report.", "We are interested in your view.", "She is tired."]
)
def test_active_sentences_and_adjectives_are_not_passive(text):
    assert find_passive_voice(text) == []


def test_jargon_matches_case_plurals_and_hyphen_variants():
    report = check_text(
        "Your Deliverables are ready before go live. The go-live is near.", glossary=GLOSSARY
    )
    spans = [i.span for i in report.issues if i.kind == Kind.JARGON]
    assert spans == ["Deliverables", "go live", "go-live"]


def test_longest_glossary_term_wins_where_terms_overlap():
    glossary = [
        GlossaryEntry("scope", "what is included"),
        GlossaryEntry("scope creep", "more asks"),
    ]
    report = check_text("We stop scope creep.", glossary=glossary)
    assert [(i.span, i.suggestion) for i in report.issues] == [("scope creep", "Say “more asks”.")]


def test_customer_override_replaces_the_generic_suggestion():
    report = check_text(
        "We plan the go-live.", glossary=GLOSSARY, overrides={"Go-Live": "release weekend"}
    )
    (issue,) = report.issues
    assert issue.suggestion.startswith("Say “release weekend”")


def test_a_term_from_the_customers_own_vocabulary_is_not_jargon_to_them():
    report = check_text("We plan the go-live.", glossary=GLOSSARY, customer_words=["go-live"])
    assert report.passes


def test_registry_refuses_a_second_text_under_the_same_name():
    register_customer_text("tests.same", "Hello.")
    register_customer_text("tests.same", "Hello.")  # same text again is fine
    with pytest.raises(ValueError, match="already registered"):
        register_customer_text("tests.same", "Goodbye.")


def test_callables_are_evaluated_when_listed():
    register_customer_text("tests.callable", lambda: "We call you back.")
    assert registered_customer_texts()["tests.callable"] == "We call you back."


def test_rapport_registers_its_own_default_texts():
    names = set(registered_customer_texts())
    assert "readiness.pledge" in names and "roadmap.catalog_intro" in names
    assert sum(n.startswith("roadmap.service_example.") for n in names) >= 6


@pytest.mark.parametrize("name", sorted(registered_customer_texts()))
def test_every_registered_customer_text_is_plain_language(name):
    text = registered_customer_texts()[name]
    report = check_text(text, glossary=GLOSSARY)
    assert report.passes, f"{name}: " + "; ".join(f"{i.message} {i.span}" for i in report.blocking)


@pytest.mark.django_db
def test_the_starter_glossary_is_loaded_and_checked_from_the_database(customer, alice):
    assert GlossaryTerm.objects.filter(language="en").count() == len(STARTER_GLOSSARY) >= 40
    assert not services.check_language("Your deliverable is late.").passes
    term = GlossaryTerm.objects.get(term="deliverable", language="en")
    services.update_glossary_term(term, by=alice, active=False)
    assert services.check_language("Your deliverable is late.").passes


@pytest.mark.django_db
def test_loading_the_starter_glossary_adds_only_missing_terms(alice):
    GlossaryTerm.objects.filter(term__in=["baseline", "RACI"], language="en").delete()
    added = services.load_starter_glossary(by=alice)
    assert sorted(t.term for t in added) == ["RACI", "baseline"]
    assert services.load_starter_glossary(by=alice) == []


@pytest.mark.django_db
def test_check_language_uses_the_customers_words(customer, alice):
    go_live = GlossaryTerm.objects.get(term="go-live", language="en")
    services.set_customer_term(customer, go_live, "launch weekend", by=alice)
    report = services.check_language("We plan the go-live.", customer=customer)
    assert report.issues[0].suggestion.startswith("Say “launch weekend”")
    generic = services.check_language("We plan the go-live.")
    assert generic.issues[0].suggestion.startswith("Say “launch day”")
