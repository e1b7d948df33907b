"""Words of the customer review pack, in every respondent language (docs/i18n.md).

They are marked for Django's translation framework and live in the respondent catalog
(``rapport.catalogs.RESPONDENT_SOURCES``), like every other word a customer reads; the pack is
written in the customer's language (``rapport.languages``). The English texts are registered
with the plain-language check. Placeholders: %(customer)s, %(period)s, %(date)s, %(n)s,
%(done)s, %(total)s, %(project)s.
"""

from __future__ import annotations

import datetime as dt

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, override, pgettext_lazy

from rapport.languages import CAPITALIZED_MONTHS, local_date
from rapport.languages import supported as supported
from rapport.plainlanguage.check import register_customer_text

PACK: dict[str, Promise] = {
    "title": _("Your review pack: %(customer)s"),
    "subtitle": _("From your project office, for %(period)s. Written on %(date)s."),
    "intro": _(
        "This pack sums up what you told us, what we did about it, and what comes next. Tell "
        "us if anything is missing or wrong."
    ),
    "told_heading": _("What you told us"),
    "told_none": _("You raised no new points in these three months."),
    "did_heading": _("What we did, and by when"),
    "did_none": _("No actions in these three months."),
    "done_on": _("Done on %(date)s"),
    "due_on": _("Due by %(date)s"),
    "late": _("Late: it was due by %(date)s"),
    "roadmap_heading": _("Your roadmap"),
    "roadmap_quick_wins": _("Quick fixes done: %(done)s of %(total)s."),
    "roadmap_none": _("We have no roadmap with you yet."),
    "adoption": _("%(n)s%% of your team use it"),
    "charter_heading": _("How we keep our promises"),
    "charter_intro": _("These are the promises we agreed with you, each with a way to check it."),
    "charter_none": _("We have not agreed a charter with you yet."),
    "charter_now": pgettext_lazy("customer pack: the measure's value today", "Now"),
    "charter_target": pgettext_lazy("customer pack: the measure's target", "Goal"),
    "charter_status": pgettext_lazy(
        "customer pack: how the measure stands against its goal", "Where it stands"
    ),
    "charter_withheld": _(
        "Some answers given in confidence are not counted yet. They count once enough people "
        "have answered, so nobody can be picked out."
    ),
    "no_data": _("not known yet"),
    "on_target": _("On track"),
    "close": pgettext_lazy("customer pack: a measure close to its target", "Nearly there"),
    "off_target": pgettext_lazy("customer pack: a measure below its target", "Behind"),
    "next_heading": _("What comes next"),
    "next_review": _("Next review of %(project)s: %(period)s"),
    "next_review_due": _("Next review of %(project)s: %(period)s, please answer by %(date)s"),
    "next_charter": _("We review our charter together on %(date)s."),
    "next_none": _("Nothing is planned yet. We will be in touch."),
    "project": pgettext_lazy("customer pack", "Project"),
    "quick_fix": pgettext_lazy("customer pack: a roadmap step", "quick fix"),
    "charter_principle": pgettext_lazy("customer pack: a charter principle", "Promise"),
    "status_proposed": _("An idea we still talk over with you."),
    "status_planned": pgettext_lazy("customer pack: a roadmap step", "Planned."),
    "status_building": _("We are building it now."),
    "status_adopting": _("Ready. Your team is getting used to it."),
    "status_done": pgettext_lazy("customer pack: a roadmap step", "Done."),
    "footer": _("For %(customer)s and your project office. Please do not share it further."),
    "page": pgettext_lazy("customer pack: page 2 of 5", "Page"),
    "of": pgettext_lazy("customer pack: page 2 of 5", "of"),
}

# The charter's measures and its default principles (``charter.measures``), as the customer
# reads them: each English text is the measure's label or the default principle's words, so the
# English pack says exactly what the console says. Principles the PMO renamed are shown as
# written, or in the translation the PMO gave (``CharterPrinciple.name_translations``).
MEASURE_LABELS: dict[str, Promise] = {
    "delivery_green": pgettext_lazy("charter measure", "Delivery status share green"),
    "open_concerns_30": pgettext_lazy("charter measure", "Open concerns older than 30 days"),
    "actions_on_time": pgettext_lazy("charter measure", "Actions closed on time"),
    "response_rate": pgettext_lazy("charter measure", "Response rate"),
    "principle_score": pgettext_lazy("charter measure", "Survey score for this principle"),
    "pulse_priorities": pgettext_lazy("charter measure", "Pulse: priorities served"),
    "pulse_effort": pgettext_lazy("charter measure", "Pulse: ease of working with us (CES)"),
}
DEFAULT_WORDS: dict[str, Promise] = {
    "Strategic alignment": pgettext_lazy("charter principle", "Strategic alignment"),
    "We work on what matters most to you.": pgettext_lazy(
        "charter principle", "We work on what matters most to you."
    ),
    "Transparency": pgettext_lazy("charter principle", "Transparency"),
    "You hear about problems early, from us.": pgettext_lazy(
        "charter principle", "You hear about problems early, from us."
    ),
    "Predictability": pgettext_lazy("charter principle", "Predictability"),
    "Projects land when we said they would.": pgettext_lazy(
        "charter principle", "Projects land when we said they would."
    ),
    "Reliability": pgettext_lazy("charter principle", "Reliability"),
    "We do what we agreed, on time.": pgettext_lazy(
        "charter principle", "We do what we agreed, on time."
    ),
    "Return on investment": pgettext_lazy("charter principle", "Return on investment"),
    "You get what you paid for.": pgettext_lazy("charter principle", "You get what you paid for."),
}


# Lines with a count, in the singular or the plural as the language wants for ``n``.
PACK_COUNTED: dict[str, Promise] = {
    "told_hidden": ngettext_lazy(
        "%(n)s point raised in confidence. We keep its words private.",
        "%(n)s points raised in confidence. We keep their words private.",
        "n",
    ),
    "answers": ngettext_lazy(
        "%(n)s answer to our monthly reviews in these three months.",
        "%(n)s answers to our monthly reviews in these three months.",
        "n",
    ),
    "action_hidden": ngettext_lazy(
        "%(n)s action on points raised in confidence.",
        "%(n)s actions on points raised in confidence.",
        "n",
    ),
}


def pack_count(key: str, n: int, language: str) -> str:
    """A counted line of the pack in ``language``: "1 answer", "3 answers", "0 réponse"."""
    with override(supported(language)):
        return str(PACK_COUNTED[key] % {"n": n})


def pack_words(language: str) -> dict[str, str]:
    """The pack's words in ``language`` (English when the public side does not speak it)."""
    with override(supported(language)):
        return {key: str(text) for key, text in PACK.items()}


def translated(text: str, language: str) -> str:
    """A default charter text in ``language``; anything the PMO wrote stays as written."""
    default = DEFAULT_WORDS.get(text)
    if default is None:
        return text
    with override(supported(language)):
        return str(default)


def measure_label(key: str, fallback: str | Promise, language: str) -> str:
    """A measure's label as the customer reads it, in ``language``."""
    label = MEASURE_LABELS.get(key) or fallback
    with override(supported(language)):
        return str(label)


def month_name(period: str, language: str) -> str:
    """``2026-05`` → "May 2026" / "mai 2026" / "Mai 2026"."""
    year, month = period.split("-")
    language = supported(language)
    with override(language):
        name = date_format(dt.date(int(year), int(month), 1), "F")
    # Inside a sentence, months keep their capital only in English and German.
    return f"{name if language in CAPITALIZED_MONTHS else name.lower()} {year}"


def day(value: dt.date, language: str) -> str:
    """A date as the customer writes it: "21 May 2026", "21 mai 2026", "21. Mai 2026"."""
    return local_date(value, language)


_SAMPLE = {
    "customer": "Retail Banking",
    "period": "May 2026",
    "date": "21 May 2026",
    "project": "Branch booking",
    "n": "3",
    "done": "2",
    "total": "3",
}


def _english(key: str) -> str:
    with override("en"):
        if key in PACK_COUNTED:
            return str(PACK_COUNTED[key] % {**_SAMPLE, "n": 3})
        return str(PACK[key]) % _SAMPLE


for _key in [*PACK, *PACK_COUNTED]:
    if _key not in ("page", "of", "project", "quick_fix", "charter_principle"):
        register_customer_text(f"reports.pack.{_key}", lambda key=_key: _english(key))  # type: ignore[misc]  # binds the loop's key
