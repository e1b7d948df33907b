"""The health review's stored sentences in the reader's language.

The analytics are pure and speak English: a signal's message, a month's reasons and an alert's
message are written once, in English, and stored with their numbers (``HealthSnapshot.signals``
and ``reasons``, ``Alert.message`` and ``evidence``). The pages translate them when they show
them: the early warning and the withheld messages are said again from their evidence, the other
sentences are recognised by their English wording (each pattern below is the English sentence
with its numbers as placeholders) and said again in the active language. A sentence no pattern
knows (written by an older version) is shown as stored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from django.utils.translation import (
    gettext,
    gettext_lazy,
    gettext_noop,
    ngettext,
    pgettext,
    pgettext_lazy,
)

from rapport.insights.analytics.warning import RULE as EARLY_WARNING
from rapport.text import number

# The languages comment topics are written in (``analytics.text.LANGUAGE_NAMES``), for pages.
LANGUAGE_NAMES = {
    "en": gettext_lazy("English"),
    "fr": gettext_lazy("French"),
    "de": gettext_lazy("German"),
    "es": gettext_lazy("Spanish"),
    "nl": gettext_lazy("Dutch"),
    "it": gettext_lazy("Italian"),
    "pt": gettext_lazy("Portuguese"),
}

# A signal's severity as the project page writes it (lower case, beside its colour).
SEVERITY_WORDS = {
    "critical": pgettext_lazy("severity", "critical"),
    "warning": pgettext_lazy("severity", "warning"),
    "note": pgettext_lazy("severity", "note"),
}

# What a rule that read answers given in confidence says instead of its numbers
# (``disclosure.signals.WHAT_HAPPENED``, said again here in the reader's language).
WHAT_HAPPENED = {
    "early_warning": gettext_noop(
        "Scores or answers on this project have fallen below its usual, up to %(period)s."
    ),
    "ewma": gettext_noop("Scores are drifting down in %(period)s."),
    "cusum": gettext_noop("Scores have stayed below this project's usual level up to %(period)s."),
    "drop": gettext_noop(
        "Satisfaction fell sharply in %(period)s, compared with the review before."
    ),
    "low_score": gettext_noop("Someone gave a very low score in %(period)s."),
    "negative_comments": gettext_noop("Comments turned negative in %(period)s."),
}
SOME_RULE_FIRED = gettext_noop("An early-warning rule fired in %(period)s.")
WITHHELD = gettext_noop(
    "The numbers are withheld: they come from answers given in confidence, and may rest on "
    "fewer than %(k)s people."
)

# The English sentences of the rules (``analytics.signals``) and of the health verdict
# (``analytics.health``), numbers as placeholders.
SENTENCES = (
    gettext_noop(
        "Scores are drifting down: the EWMA of standardised scores is %(ewma)s, below its "
        "control limit −%(limit)s in %(period)s (mean %(mean)s against a baseline of "
        "%(baseline)s, n=%(n)s)."
    ),
    gettext_noop(
        "Sustained shortfall: the lower CUSUM reached %(cusum)s (threshold %(threshold)s) in "
        "%(period)s; mean %(mean)s against a baseline of %(baseline)s, n=%(n)s."
    ),
    gettext_noop(
        "Mean fell from %(before)s to %(after)s (%(change)s) between %(earlier)s and "
        "%(period)s, n=%(n)s."
    ),
    gettext_noop(
        "A stakeholder scored %(score)s out of 10 in %(period)s (scores of %(threshold)s or "
        "less need a conversation), n=%(n)s."
    ),
    gettext_noop(
        "No answer for %(count)s review cycles in a row (up to %(period)s): silence is a signal."
    ),
    gettext_noop(
        "Comments turned negative in %(period)s: average sentiment %(sentiment)s "
        "(before: %(before)s)."
    ),
    gettext_noop("Delivery status is %(status)s."),
    gettext_noop("No scores yet."),
    gettext_noop(
        "Adjusted score %(theta)s is below the target %(target)s, even at the top of its "
        "interval (%(upper)s)."
    ),
    gettext_noop("Adjusted score %(theta)s is below the target %(target)s."),
    gettext_noop("No answer for %(count)s review cycles in a row."),
    gettext_noop("Response rate %(rate)s is under %(minimum)s."),
    # A comment topic's phrase refused (``analytics.text.check_pattern``).
    gettext_noop("A phrase cannot be empty."),
    gettext_noop("“%(phrase)s”: a phrase has at most %(count)s words."),
    gettext_noop(
        "“%(phrase)s”: use letters and spaces only, with * at the start or end of a word."
    ),
    gettext_noop("“%(phrase)s”: a word with * needs at least %(count)s letters."),
)


def ngettext_noop(singular: str, plural: str) -> tuple[str, str]:
    """Marks a singular and plural pair for the catalogs, like ``gettext_noop``; the pair is
    said with ``ngettext`` once the count is known."""
    return singular, plural


# Stored sentences with a count, said again with the count's own plural form. The analytics
# write the English singular or plural; versions before 2026-12-07 wrote "action(s)".
_OVERDUE_AT = ngettext_noop(
    "%(count)s agreed action overdue at the end of %(period)s.",
    "%(count)s agreed actions overdue at the end of %(period)s.",
)
_OVERDUE = ngettext_noop("%(count)s agreed action overdue.", "%(count)s agreed actions overdue.")
PLURALS = {
    "%(count)s agreed action(s) overdue at the end of %(period)s.": _OVERDUE_AT,
    _OVERDUE_AT[0]: _OVERDUE_AT,
    _OVERDUE_AT[1]: _OVERDUE_AT,
    "%(count)s agreed action(s) overdue.": _OVERDUE,
    _OVERDUE[0]: _OVERDUE,
    _OVERDUE[1]: _OVERDUE,
}
NEEDS_A_CONVERSATION = gettext_noop("Needs a conversation: %(message)s")
NO_EARLIER_COMMENTS = gettext_noop("no earlier comments")
PLACEHOLDER = re.compile(r"%\\\((\w+)\\\)s")
# A number the analytics wrote in English (7.5, −1.5, +0.3, 45.0%), to be said again in the
# reader's own way of writing numbers (7,5 in French and German).
ENGLISH_DECIMAL = re.compile(r"(?P<sign>[+−-]?)(?P<number>\d+\.(?P<decimals>\d+))(?P<percent>%?)")


def _decimal(value: float, places: int = 1) -> str:
    return number(value, places)


def _localized(value: str) -> str:
    """A number captured from an English sentence, in the active language (other text as is)."""
    match = ENGLISH_DECIMAL.fullmatch(value)
    if match is None:
        return value
    number = _decimal(float(match["number"]), len(match["decimals"]))
    return f"{match['sign']}{number}{match['percent']}"


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each English sentence as a pattern; the longest first, so a sentence that another one
    begins with (``Adjusted score … target 7.``) does not swallow the longer one."""
    found = []
    for sentence in sorted({*SENTENCES, *PLURALS}, key=lambda text: (-len(text), text)):
        pattern = PLACEHOLDER.sub(r"(?P<\1>.+?)", re.escape(sentence))
        found.append((re.compile(pattern, re.DOTALL), sentence))
    return tuple(found)


def sentence(text: str) -> str:
    """A stored English sentence of the analytics in the active language (as stored if no
    pattern knows it)."""
    if text.startswith("Needs a conversation: "):
        inner = text.removeprefix("Needs a conversation: ")
        return gettext(NEEDS_A_CONVERSATION) % {"message": sentence(inner)}
    for pattern, english in _patterns():
        match = pattern.fullmatch(text)
        if match:
            values = {name: _localized(value) for name, value in match.groupdict().items()}
            if values.get("before") == NO_EARLIER_COMMENTS:
                values["before"] = gettext(NO_EARLIER_COMMENTS)
            if english in PLURALS and values.get("count", "").isdigit():
                singular, plural = PLURALS[english]
                return ngettext(singular, plural, int(values["count"])) % values
            return gettext(english) % values
    return text


def withheld(rule: str, period: str, k: Any) -> str:
    """A rule's words when its numbers are withheld (``disclosure.signals.withheld_signal``)."""
    what = gettext(WHAT_HAPPENED.get(rule, SOME_RULE_FIRED)) % {"period": period}
    return f"{what} {gettext(WITHHELD) % {'k': k}}"


def early_warning(evidence: Mapping[str, Any], period: str) -> str:
    """The early warning in words (``analytics.evidence.message``) in the active language."""
    since = evidence.get("since", period)
    parts = []
    if "residual" in evidence and evidence["residual"] < 0:
        parts.append(
            ngettext(
                "since %(since)s, %(n)s answer averaged %(gap)s points below what the same "
                "people usually give (%(mean)s against their usual %(usual)s, allowing for "
                "meeting or email)",
                "since %(since)s, %(n)s answers averaged %(gap)s points below what the same "
                "people usually give (%(mean)s against their usual %(usual)s, allowing for "
                "meeting or email)",
                evidence["answers"],
            )
            % {
                "since": since,
                "n": evidence["answers"],
                "gap": _decimal(abs(evidence["residual"])),
                "mean": _decimal(evidence["mean"]),
                "usual": _decimal(evidence["usual"]),
            }
        )
    if evidence.get("expected"):
        e, a = evidence["expected"], evidence["answered"]
        if a < e * evidence.get("usual_response", 1.0):
            parts.append(
                gettext(
                    "%(missing)s of %(expected)s expected answers from people who answered "
                    "before did not come (usually %(rate)s answer)"
                )
                % {"missing": e - a, "expected": e, "rate": f"{evidence['usual_response']:.0%}"}
            )
    if evidence.get("expected") and "portfolio_response" in evidence:
        parts.append(
            gettext(
                "across the portfolio, %(share)s of the usual answers came in %(period)s, and "
                "this project's silence is read against that"
            )
            % {"share": f"{evidence['portfolio_response']:.0%}", "period": period}
        )
    if not parts:
        parts.append(
            gettext("since %(since)s, answers and response have been below this project's usual")
            % {"since": since}
        )
    text = "; ".join(parts)
    return gettext(
        "Early warning in %(period)s: %(text)s. Evidence %(statistic)s against an alarm level "
        "of %(threshold)s, set for about %(rate)s false alarms per project-year."
    ) % {
        "period": period,
        "text": text[0].upper() + text[1:],
        "statistic": _decimal(evidence["statistic"]),
        "threshold": _decimal(evidence["threshold"]),
        "rate": number(evidence["false_alarms_per_year"]),
    }


def signal(rule: str, message: str, evidence: Mapping[str, Any] | None, period: str) -> str:
    """A signal's or an alert's message in the active language."""
    evidence = evidence or {}
    try:
        if evidence.get("withheld"):
            return withheld(rule, period, evidence.get("k", ""))
        if rule == EARLY_WARNING and "statistic" in evidence:
            return early_warning(evidence, period)
    except (KeyError, TypeError, ValueError):
        return message  # evidence of an older shape: the words as they were stored
    return sentence(message)


def signal_of(stored: Mapping[str, Any]) -> str:
    """A stored signal (``HealthSnapshot.signals``, a dict) in words."""
    return signal(
        str(stored.get("rule", "")),
        str(stored.get("message", "")),
        stored.get("evidence"),
        str(stored.get("period", "")),
    )


def reasons(snapshot_reasons: Sequence[str], signals: Sequence[Mapping[str, Any]]) -> list[str]:
    """A month's reasons in the active language; a reason that is a signal's message is said
    from that signal (with its evidence)."""
    said = {str(s.get("message", "")): signal_of(s) for s in signals}
    out = []
    for reason in snapshot_reasons:
        if reason in said:
            out.append(said[reason])
        elif reason.startswith("Needs a conversation: ") and (
            reason.removeprefix("Needs a conversation: ") in said
        ):
            inner = said[reason.removeprefix("Needs a conversation: ")]
            out.append(gettext(NEEDS_A_CONVERSATION) % {"message": inner})
        else:
            out.append(sentence(reason))
    return out


def severity(word: str) -> str:
    """``critical``, ``warning`` or ``note`` in the active language."""
    return str(SEVERITY_WORDS[word]) if word in SEVERITY_WORDS else word


def state_label(state: str) -> str:
    """The alerts page's state filters."""
    labels = {
        "active": pgettext("alerts", "active"),
        "open": pgettext("alerts", "open"),
        "acknowledged": pgettext("alerts", "acknowledged"),
        "resolved": pgettext("alerts", "resolved"),
    }
    return labels.get(state, state)


# The comment topics Rapport ships (``insights/data/topics.json``, seeded by migration): their
# names and descriptions are said in the reader's language while they read as shipped; a topic
# the PMO renamed or described in its own words is shown as written.
SHIPPED_TOPICS: dict[str, tuple[str, str]] = {
    "communication": (
        gettext_noop("Communication and updates"),
        gettext_noop(
            "Being told what is happening, in time and clearly: updates, conversations, "
            "explanations."
        ),
    ),
    "responsiveness": (
        gettext_noop("Responsiveness and a person to call"),
        gettext_noop(
            "How fast questions are answered, whether someone can be reached, and who to call."
        ),
    ),
    "schedule": (
        gettext_noop("Schedule and delays"),
        gettext_noop("Dates, deadlines, milestones and delays: when things arrive."),
    ),
    "budget": (
        gettext_noop("Budget and cost"),
        gettext_noop("Money: budget, cost, price, invoices, overruns, estimates."),
    ),
    "quality": (
        gettext_noop("Quality and defects"),
        gettext_noop(
            "Whether what is delivered works: bugs, defects, testing, rework, reliability."
        ),
    ),
    "scope": (
        gettext_noop("Scope and changes"),
        gettext_noop("What is in and out: requirements, features, change requests, deliverables."),
    ),
    "reporting": (
        gettext_noop("Reporting and transparency"),
        gettext_noop(
            "Reports, dashboards, status notes and figures; being open about how things stand."
        ),
    ),
    "planning": (
        gettext_noop("Plans and priorities"),
        gettext_noop("Seeing ahead: plans, roadmaps, next steps, priorities, direction."),
    ),
    "people": (
        gettext_noop("People and team"),
        gettext_noop("The people on the project: their skills, attitude, continuity."),
    ),
    "value": (
        gettext_noop("Value and outcomes"),
        gettext_noop("What the work brings: progress, results, benefits, expectations met or not."),
    ),
    "process": (
        gettext_noop("Process and bureaucracy"),
        gettext_noop("How work is run: procedures, forms, approvals, governance, overhead."),
    ),
    "tools": (
        gettext_noop("Tools and systems"),
        gettext_noop("Software, platforms, access and data the project gives or uses."),
    ),
    "training": (
        gettext_noop("Training and adoption"),
        gettext_noop("Helping people use what is delivered: training, guides, support, adoption."),
    ),
    "involvement": (
        gettext_noop("Involvement and being heard"),
        gettext_noop(
            "Being asked, consulted and listened to before decisions; working as partners."
        ),
    ),
}


def topic_name(key: str, name: str) -> str:
    """A comment topic's name in the active language while it reads as shipped, else as the
    PMO wrote it (or its key, for a theme stored without a name)."""
    shipped = SHIPPED_TOPICS.get(key)
    if shipped is not None and name in ("", shipped[0]):
        return gettext(shipped[0])
    return name or key


def topic_description(key: str, description: str) -> str:
    shipped = SHIPPED_TOPICS.get(key)
    if shipped is not None and description == shipped[1]:
        return gettext(description)
    return description
