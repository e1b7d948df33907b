"""Words a customer reads in the pulse (survey page and email), in English and French; other
languages fall back to English. The English texts are registered for the plain-language test."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from rapport.feedback.i18n import strings
from rapport.plainlanguage.check import register_customer_text

PULSE_STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "pulse_title": "How is the project office working for you?",
        "pulse_intro": "Four short questions about our service as a whole, not one project. "
        "It takes about a minute.",
        "pulse_priorities": "How well does the project office serve your priorities?",
        "pulse_priorities_low": "not at all",
        "pulse_priorities_high": "very well",
        "pulse_effort": "How easy is it to work with us? Think of approvals, request forms "
        "and knowing who does what.",
        "pulse_effort_low": "very difficult",
        "pulse_effort_high": "very easy",
        "pulse_services": "Which of our services help you? Tick all that apply.",
        "pulse_no_services": "We have no services to list yet.",
        "pulse_comment": "Anything else you want to tell us? (optional)",
        "pulse_required": "Please answer the first two questions before sending.",
        "pulse_confidential_note": "We see only totals, never who said what.",
        "pulse_attributed_note": "The project office will see your name with your answers.",
        "pulse_subject": "One minute on how we work with you?",
        "pulse_body": "Hello {name},\n\nHow well does the project office serve {customer}? "
        "We ask this once a quarter. It takes about a minute. Please answer by {deadline}.",
        "pulse_open_link": "Answer the questions",
        "pulse_thanks_body": "We have your answers. We look at them with everyone else's each "
        "quarter, and we will tell you what we change.",
        "pulse_used_body": "We already have your answers for this quarter, so this link no "
        "longer works. Thank you.",
        "pulse_closed_body": "This quarter's questions are closed. Thank you for your time.",
        "pulse_expired_body": "The time to answer is over. If you still want to tell us "
        "something, reply to the email.",
    },
    "fr": {
        "pulse_title": "Comment le bureau des projets travaille-t-il pour vous ?",
        "pulse_intro": "Quatre questions courtes sur notre service dans son ensemble, pas sur "
        "un projet. Cela prend environ une minute.",
        "pulse_priorities": "Le bureau des projets sert-il bien vos priorités ?",
        "pulse_priorities_low": "pas du tout",
        "pulse_priorities_high": "très bien",
        "pulse_effort": "Est-il facile de travailler avec nous ? Pensez aux validations, aux "
        "formulaires de demande et à savoir qui fait quoi.",
        "pulse_effort_low": "très difficile",
        "pulse_effort_high": "très facile",
        "pulse_services": "Lesquels de nos services vous aident ? Cochez tout ce qui s’applique.",
        "pulse_no_services": "Nous n’avons pas encore de services à proposer.",
        "pulse_comment": "Autre chose à nous dire ? (facultatif)",
        "pulse_required": "Merci de répondre aux deux premières questions avant d’envoyer.",
        "pulse_confidential_note": "Nous ne voyons que des totaux, jamais qui a dit quoi.",
        "pulse_attributed_note": "Le bureau des projets verra votre nom avec vos réponses.",
        "pulse_subject": "Une minute sur notre façon de travailler avec vous ?",
        "pulse_body": "Bonjour {name},\n\nLe bureau des projets sert-il bien {customer} ? Nous "
        "posons la question une fois par trimestre. Cela prend environ une minute. Merci de "
        "répondre avant le {deadline}.",
        "pulse_open_link": "Répondre aux questions",
        "pulse_thanks_body": "Nous avons bien reçu vos réponses. Nous les regardons avec "
        "celles des autres chaque trimestre, et nous vous dirons ce que nous changeons.",
        "pulse_used_body": "Nous avons déjà vos réponses pour ce trimestre : ce lien ne "
        "fonctionne plus. Merci.",
        "pulse_closed_body": "Les questions de ce trimestre sont closes. Merci pour votre temps.",
        "pulse_expired_body": "Le délai pour répondre est passé. Si vous voulez encore nous "
        "dire quelque chose, répondez à l’e-mail.",
    },
}


def pulse_strings(language: str) -> dict[str, str]:
    """The feedback strings plus the pulse's, for ``language`` (English for anything missing)."""
    return {**strings(language), **PULSE_STRINGS["en"], **PULSE_STRINGS.get(language, {})}


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
    register_customer_text(f"feedback.{_key}", PULSE_STRINGS["en"][_key])
register_customer_text("feedback.pulse_email.subject", lambda: _sample_email("_subject"))
register_customer_text("feedback.pulse_email.body", lambda: _sample_email(""))
