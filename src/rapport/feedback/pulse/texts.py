"""Words a customer reads in the pulse (survey page and email), marked for translation like the
review's (``feedback/words.py``: the respondent catalogs hold them in every respondent
language). The English texts are registered for the plain-language test."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rapport.feedback.words import strings, translated
from rapport.plainlanguage.check import register_customer_text

PULSE_WORDS: dict[str, Promise] = {
    "pulse_title": _("How is the project office working for you?"),
    "pulse_intro": _(
        "Four short questions about our service as a whole, not one project. It takes about a"
        " minute."
    ),
    "pulse_priorities": _("How well does the project office serve your priorities?"),
    "pulse_priorities_low": _("not at all"),
    "pulse_priorities_high": _("very well"),
    "pulse_effort": _(
        "How easy is it to work with us? Think of approvals, request forms and knowing who "
        "does what."
    ),
    "pulse_effort_low": _("very difficult"),
    "pulse_effort_high": _("very easy"),
    "pulse_services": _("Which of our services help you? Tick all that apply."),
    "pulse_no_services": _("We have no services to list yet."),
    "pulse_comment": _("Anything else you want to tell us? (optional)"),
    "pulse_required": _("Please answer the first two questions before sending."),
    "pulse_confidential_note": _("We see only totals, never who said what."),
    "pulse_attributed_note": _("The project office will see your name with your answers."),
    "pulse_subject": _("One minute on how we work with you?"),
    "pulse_body": _(
        "Hello {name},\n\nHow well does the project office serve {customer}? We ask this once a"
        " quarter. It takes about a minute. Please answer by {deadline}."
    ),
    "pulse_open_link": _("Answer the questions"),
    "pulse_thanks_body": _(
        "We have your answers. We look at them with everyone else's each quarter, and we will"
        " tell you what we change."
    ),
    "pulse_used_body": _(
        "We already have your answers for this quarter, so this link no longer works. Thank you."
    ),
    "pulse_closed_body": _("This quarter's questions are closed. Thank you for your time."),
    "pulse_expired_body": _(
        "The time to answer is over. If you still want to tell us something, reply to the email."
    ),
}


def pulse_strings(language: str) -> dict[str, str]:
    """The feedback strings plus the pulse's, for ``language`` (English for anything missing)."""
    return {**strings(language), **translated(PULSE_WORDS, language)}


def note_for(s: dict[str, str], confidentiality: str) -> str:
    return {
        "anonymous": s["anonymous_note"],
        "confidential": s["pulse_confidential_note"],
    }.get(confidentiality, s["pulse_attributed_note"])


def email_context(
    *, language: str, name: str, customer: str, deadline: str, link: str, opt_out: str, note: str
) -> dict[str, Any]:
    s = pulse_strings(language)
    return {
        "s": s,
        "language": language,
        "subject": s["pulse_subject"],
        "greeting_body": s["pulse_body"].format(name=name, customer=customer, deadline=deadline),
        "link": link,
        "opt_out": opt_out,
        "note": note,
    }


def _sample_email(part: str) -> str:
    s = pulse_strings("en")
    context = email_context(
        language="en",
        name="Sam",
        customer="Retail Banking",
        deadline="2026-04-21",
        # Links are not words: leave them out of the readability check.
        link="",
        opt_out="",
        note=s["anonymous_note"],
    )
    return render_to_string(f"feedback/email/pulse{part}.txt", context)


_PAGE_KEYS = [
    "pulse_title",
    "pulse_intro",
    "pulse_priorities",
    "pulse_effort",
    "pulse_services",
    "pulse_comment",
    "pulse_required",
    "pulse_confidential_note",
    "pulse_attributed_note",
    "pulse_thanks_body",
    "pulse_used_body",
    "pulse_closed_body",
    "pulse_expired_body",
]
for _key in _PAGE_KEYS:
    register_customer_text(f"feedback.{_key}", lambda key=_key: pulse_strings("en")[key])  # type: ignore[misc]  # binds the loop's key
register_customer_text("feedback.pulse_email.subject", lambda: _sample_email("_subject"))
register_customer_text("feedback.pulse_email.body", lambda: _sample_email(""))
