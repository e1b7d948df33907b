"""The plain-language check ("speak their language"): one module for every text a customer reads.

Pure functions over plain data, no database: ``check_text(text, language=…, glossary=…,
overrides=…)`` returns a ``LanguageReport`` listing what makes the text hard to read, each with
the offending span and a suggestion. The rules (DESIGN.md, "Plain language"; docs/i18n.md, "What
the plain-language check measures"), in the text's own language:

- readability (textstat): the language's own reading-ease formula and threshold
  (``languages.READABILITY``: Flesch for English, Kandel–Moles for French, Amstad for German,
  Fernández Huerta for Spanish, Douma for Dutch, Flesch–Vacca for Italian, Martins for
  Portuguese; English's 60 moved by how each scale reads the same plain text), and in English
  the Flesch–Kincaid grade ≤ 9, for texts of at least ``MIN_WORDS_FOR_SCORES`` words (the
  formulas mean little on fewer);
- every sentence under 20 words;
- every acronym defined before it is used, as "Full Words (ABC)" or "ABC (full words)", unless
  it is one everybody knows (``ALLOWED_ACRONYMS``) or one the customer uses themselves;
- no project-management jargon from the glossary (the suggestion is the customer's own word when
  the PMO has recorded one, else the glossary's plain wording);
- passive voice, where a simple heuristic can see it: a form of "to be" (or "get"), at most one
  adverb, then a past participle (a word ending in -ed, or a common irregular one). It misses
  some passives and mistakes a few adjectives ("is finished") for them, so it is advice only:
  it never makes a text fail.

Other apps register the default texts Rapport ships to customers with
``register_customer_text(name, text_or_callable)``; a test checks every registered text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from textstat.backend import metrics

from rapport.plainlanguage.languages import (
    DEFAULT_LANGUAGE,
    ENGLISH_NOT_PARTICIPLES,
    ENGLISH_PASSIVE,
    GRADED_LANGUAGES,
    MAX_GRADE,
    MAX_SENTENCE_WORDS,
    MIN_WORDS_FOR_SCORES,
    READABILITY,
    allowed_acronyms,
    base_language,
    reading_ease,
)
from rapport.text import number


class Kind:
    READING_EASE = "reading_ease"
    GRADE = "grade"
    LONG_SENTENCE = "long_sentence"
    ACRONYM = "acronym"
    JARGON = "jargon"
    PASSIVE = "passive"


KIND_LABELS = {
    Kind.READING_EASE: gettext_lazy("Hard to read"),
    Kind.GRADE: gettext_lazy("Grade"),
    Kind.LONG_SENTENCE: gettext_lazy("Long sentence"),
    Kind.ACRONYM: gettext_lazy("Acronym"),
    Kind.JARGON: gettext_lazy("Jargon"),
    Kind.PASSIVE: gettext_lazy("Advice"),
}


@dataclass(frozen=True)
class GlossaryEntry:
    """A piece of jargon and the plain wording to use instead."""

    term: str
    plain: str
    note: str = ""


@dataclass(frozen=True)
class Issue:
    kind: str
    message: str
    span: str  # the offending text, as written
    start: int  # offsets into the checked text; 0, 0 for whole-text issues
    end: int
    suggestion: str
    blocking: bool = True  # False: advice that does not make the text fail

    @property
    def label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))


@dataclass(frozen=True)
class LanguageReport:
    text: str
    issues: tuple[Issue, ...] = ()
    language: str = DEFAULT_LANGUAGE
    formula: str = ""  # the reading-ease formula used, "" where the language has none
    reading_ease: float | None = None
    grade: float | None = None
    sentence_count: int = 0
    word_count: int = 0
    longest_sentence: int = 0

    @property
    def passes(self) -> bool:
        return not any(issue.blocking for issue in self.issues)

    @property
    def blocking(self) -> list[Issue]:
        return [i for i in self.issues if i.blocking]

    @property
    def advice(self) -> list[Issue]:
        return [i for i in self.issues if not i.blocking]

    @property
    def min_reading_ease(self) -> float | None:
        """The reading ease this text's language asks for (None: no formula for it)."""
        rule = READABILITY.get(self.language)
        return rule.min_ease if rule else None

    def figures(self) -> str:
        """The figures beside the verdict: "reading ease 72 (60+) · grade 5.1 (9 or lower) ·
        longest sentence 11 words (under 20)"; the grade only where the language has one."""
        from django.template.defaultfilters import floatformat

        parts = []
        if self.reading_ease is not None and self.min_reading_ease is not None:
            parts.append(
                _("reading ease %(ease)s (%(aim)s+)")
                % {
                    "ease": floatformat(self.reading_ease, 0),
                    "aim": floatformat(self.min_reading_ease, 0),
                }
            )
        if self.grade is not None:
            parts.append(
                _("grade %(grade)s (%(aim)s or lower)")
                % {"grade": floatformat(self.grade, 1), "aim": floatformat(MAX_GRADE, 0)}
            )
        parts.append(
            _("longest sentence %(words)s words (under %(limit)s)")
            % {"words": self.longest_sentence, "limit": MAX_SENTENCE_WORDS + 1}
        )
        return " · ".join(parts)

    def summary(self) -> str:
        """One sentence saying why the text fails (for error messages)."""
        if self.passes:
            return _("The text is in plain language.")
        # Each message's headline: what comes before its colon ("Long sentence: 23 words").
        kinds = sorted({re.split(r"\s*:", i.message)[0].rstrip(".") for i in self.blocking})
        return _("Not plain language yet: %(reasons)s.") % {"reasons": "; ".join(kinds)}


# --- sentences and words -----------------------------------------------------------------------

# Letters of every alphabet ("élément", "Änderung" are one word each).
_WORD = re.compile(r"[^\W_][\w'’&-]*")
# A sentence ends at . ! ? (possibly followed by quotes or brackets) before white space or the
# end, or at a blank line / line break (list items and headings are sentences of their own).
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*(?=\s|$)|\n+")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.text))


def split_sentences(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    pos = 0
    for match in _SENTENCE_END.finditer(text):
        _add_sentence(text, pos, match.end(), sentences)
        pos = match.end()
    _add_sentence(text, pos, len(text), sentences)
    return sentences


def _add_sentence(text: str, start: int, end: int, into: list[Sentence]) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not _WORD.search(stripped):
        return
    lead = len(chunk) - len(chunk.lstrip())
    into.append(Sentence(stripped, start + lead, start + lead + len(stripped)))


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


# --- acronyms ----------------------------------------------------------------------------------

_ACRONYM = re.compile(r"\b([A-Z][A-Z0-9&]*[A-Z0-9])(?:s|'s|’s)?\b")
_DEFINED_AFTER = re.compile(r"[^\W\d_][\w'’-]*[\s,-]+\(\s*([A-Z][A-Z0-9&]*[A-Z0-9])s?\s*\)")
_DEFINED_BEFORE = re.compile(r"\b([A-Z][A-Z0-9&]*[A-Z0-9])s?\s*\(([^()]*)\)")


def _definitions(text: str) -> dict[str, int]:
    """Acronym → offset where it is first defined."""
    found: dict[str, int] = {}
    for m in _DEFINED_AFTER.finditer(text):
        found.setdefault(m.group(1), m.start(1))
    for m in _DEFINED_BEFORE.finditer(text):
        inside = m.group(2)
        # "ABC (full words)": at least two words, not itself an acronym.
        if len(_WORD.findall(inside)) >= 2 and any(ch.islower() for ch in inside):
            found[m.group(1)] = min(found.get(m.group(1), m.start(1)), m.start(1))
    return found


def find_undefined_acronyms(
    text: str, allowed: Iterable[str] = (), *, language: str | None = None
) -> list[Issue]:
    allowed_set = allowed_acronyms(language) | {a.upper() for a in allowed}
    defined = _definitions(text)
    issues: list[Issue] = []
    reported: set[str] = set()
    for m in _ACRONYM.finditer(text):
        acronym = m.group(1)
        if acronym in allowed_set or acronym in reported or acronym.isdigit():
            continue
        if not any(ch.isalpha() for ch in acronym):
            continue
        if acronym in defined and defined[acronym] <= m.start(1):
            continue
        reported.add(acronym)
        issues.append(
            Issue(
                kind=Kind.ACRONYM,
                message=_("Acronym not explained: “%(acronym)s”.") % {"acronym": acronym},
                span=acronym,
                start=m.start(1),
                end=m.end(1),
                suggestion=_(
                    "Spell it out, or define it the first time: “Full words (%(acronym)s)”."
                )
                % {"acronym": acronym},
            )
        )
    return issues


# --- passive voice -----------------------------------------------------------------------------


def find_passive_voice(text: str) -> list[Issue]:
    issues = []
    for m in ENGLISH_PASSIVE.finditer(text):
        participle = m.group(3).lower()
        if participle in ENGLISH_NOT_PARTICIPLES:
            continue
        issues.append(
            Issue(
                kind=Kind.PASSIVE,
                message=_("Passive voice: say who does what."),
                span=m.group(0),
                start=m.start(),
                end=m.end(),
                suggestion=_(
                    "Name who acts: “we %(participle)s …” or “you %(participle)s …” "
                    "instead of “%(passive)s”."
                )
                % {"participle": participle, "passive": m.group(0)},
                blocking=False,
            )
        )
    return issues


# --- glossary ----------------------------------------------------------------------------------


# The endings a glossary term may take and still be the same word (plurals, past tenses,
# German cases), by language; a term written as its stem catches the rest.
_ENDINGS = {
    "en": r"s|es|d",
    "fr": r"s|x|e|es",
    "de": r"e|en|n|s|es|er|ern",
    "es": r"s|es",
    "nl": r"s|en|n|e",
    "it": r"i|e",
    "pt": r"s|es",
}


def _term_pattern(term: str, language: str | None = None) -> re.Pattern[str]:
    parts = [re.escape(p) for p in re.split(r"[\s-]+", term.strip()) if p]
    body = r"[\s-]+".join(parts)
    endings = _ENDINGS.get(base_language(language), _ENDINGS[DEFAULT_LANGUAGE])
    return re.compile(rf"(?<![\w-])({body})(?:{endings})?(?![\w-])", flags=re.IGNORECASE)


def find_jargon(
    text: str,
    glossary: Iterable[GlossaryEntry],
    overrides: Mapping[str, str] | None = None,
    customer_words: Iterable[str] = (),
    *,
    language: str | None = None,
) -> list[Issue]:
    """Glossary terms in ``text`` (written in ``language``); longest terms win where two
    overlap.

    ``overrides`` maps a term (any case) to the customer's own word for it; ``customer_words``
    are words the customer uses themselves, which are never jargon to them.
    """
    lowered_overrides = {k.lower(): v for k, v in (overrides or {}).items()}
    own = {w.strip().lower() for w in customer_words if w.strip()}
    taken: list[tuple[int, int]] = []
    issues: list[Issue] = []
    for entry in sorted(glossary, key=lambda e: (-len(e.term), e.term.lower())):
        if entry.term.strip().lower() in own:
            continue
        for m in _term_pattern(entry.term, language).finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            taken.append((m.start(), m.end()))
            plain = lowered_overrides.get(entry.term.lower()) or entry.plain
            issues.append(
                Issue(
                    kind=Kind.JARGON,
                    message=_("Jargon: “%(term)s”.") % {"term": m.group(0)},
                    span=m.group(0),
                    start=m.start(),
                    end=m.end(),
                    suggestion=_("Say “%(plain)s”.") % {"plain": plain}
                    + (f" {entry.note}" if entry.note else ""),
                )
            )
    return sorted(issues, key=lambda i: i.start)


# --- the whole check ---------------------------------------------------------------------------


def check_text(
    text: str,
    *,
    language: str | None = None,
    glossary: Iterable[GlossaryEntry] = (),
    overrides: Mapping[str, str] | None = None,
    customer_words: Iterable[str] = (),
    allowed_acronyms: Iterable[str] = (),
) -> LanguageReport:
    """Check ``text``, written in ``language`` (English when not given), against every
    plain-language rule and say what to change. ``glossary`` is that language's."""
    text = text or ""
    code = base_language(language)
    sentences = split_sentences(text)
    words = count_words(text)
    rule = READABILITY.get(code)
    if not words:
        return LanguageReport(text=text, language=code, formula=rule.formula if rule else "")
    customer_words = list(customer_words)
    issues: list[Issue] = []

    ease = reading_ease(text, code)
    grade = float(metrics.flesch_kincaid_grade(text, code)) if code in GRADED_LANGUAGES else None
    scored = words >= MIN_WORDS_FOR_SCORES
    if scored and rule is not None and ease is not None and ease < rule.min_ease:
        issues.append(
            Issue(
                kind=Kind.READING_EASE,
                message=_("Hard to read: reading ease %(ease)s (aim for %(aim)s+).")
                % {"ease": f"{ease:.0f}", "aim": f"{rule.min_ease:.0f}"},
                span="",
                start=0,
                end=0,
                suggestion=_("Use shorter words and shorter sentences."),
            )
        )
    if scored and grade is not None and grade > MAX_GRADE:
        issues.append(
            Issue(
                kind=Kind.GRADE,
                message=_("School grade %(grade)s (aim for %(aim)s or lower).")
                % {"grade": number(grade, 1), "aim": number(MAX_GRADE, 0)},
                span="",
                start=0,
                end=0,
                suggestion=_("Swap long words for short ones a 14-year-old would use."),
            )
        )
    for sentence in sentences:
        if sentence.words > MAX_SENTENCE_WORDS:
            issues.append(
                Issue(
                    kind=Kind.LONG_SENTENCE,
                    message=_("Long sentence: %(words)s words (keep under %(limit)s).")
                    % {"words": sentence.words, "limit": MAX_SENTENCE_WORDS + 1},
                    span=sentence.text,
                    start=sentence.start,
                    end=sentence.end,
                    suggestion=_("Split it into two sentences, one idea each."),
                )
            )
    jargon = find_jargon(text, glossary, overrides, customer_words, language=code)
    issues.extend(jargon)
    # An acronym that is itself glossary jargon ("RACI") is reported once, as jargon.
    jargon_spans = [(i.start, i.end) for i in jargon]
    own_acronyms = [w for w in customer_words if w.isupper()]
    for issue in find_undefined_acronyms(text, [*allowed_acronyms, *own_acronyms], language=code):
        if not any(s <= issue.start < e for s, e in jargon_spans):
            issues.append(issue)
    if code == "en":  # the heuristic knows English grammar only
        issues.extend(find_passive_voice(text))
    order = {Kind.READING_EASE: 0, Kind.GRADE: 1}
    issues.sort(key=lambda i: (order.get(i.kind, 2), i.start, i.kind))
    return LanguageReport(
        text=text,
        issues=tuple(issues),
        language=code,
        formula=rule.formula if rule else "",
        reading_ease=None if ease is None else round(ease, 1),
        grade=None if grade is None else round(grade, 1),
        sentence_count=len(sentences),
        word_count=words,
        longest_sentence=max((s.words for s in sentences), default=0),
    )


# --- the registry of customer-facing default texts ---------------------------------------------

TextSource = str | Callable[[], str]


@dataclass
class _Registry:
    texts: dict[str, TextSource] = field(default_factory=dict)


_REGISTRY = _Registry()


def register_customer_text(name: str, text_or_callable: TextSource) -> None:
    """Declare a default text Rapport ships to customers, so the test suite checks it.

    ``text_or_callable`` is the text, or a function returning it (for rendered templates).
    Registering the same name twice with another text is a mistake and raises.
    """
    existing = _REGISTRY.texts.get(name)
    if existing is not None and existing != text_or_callable:
        raise ValueError(f"A customer text named {name!r} is already registered.")
    _REGISTRY.texts[name] = text_or_callable


def registered_customer_texts() -> dict[str, str]:
    """Every registered text by name, callables evaluated."""
    return {
        name: (source() if callable(source) else source)
        for name, source in sorted(_REGISTRY.texts.items())
    }
