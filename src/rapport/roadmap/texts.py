"""Customer-facing default texts the roadmap app ships, registered for the plain-language test.

``SERVICE_EXAMPLES`` are example services with outcome statements written the way a customer
would say them; the console offers them as a starting point and the demo loads them.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from rapport.plainlanguage.check import register_customer_text

# (name, outcome statement for customers, internal description for the PMO)
SERVICE_EXAMPLES: list[tuple[str, str, str]] = [
    (
        "Monthly project review",
        "Each month you get 15 minutes to tell us how your project feels. "
        "We fix what bothers you and show you what we changed.",
        "Runs the monthly satisfaction loop for every active project: call, meeting or survey.",
    ),
    (
        "Project start kit",
        "Your new project starts in two weeks, not two months. "
        "You know who does what from day one.",
        "Templates, a kick-off workshop and a named contact for new projects.",
    ),
    (
        "Plain progress report",
        "You see how your projects are doing on one page. "
        "No codes, no colours to decode, just what changed and what comes next.",
        "Replaces the RAG pack with a one-page summary written in the customer's words.",
    ),
    (
        "Risk early warning",
        "We tell you about trouble while there is still time to act. "
        "You hear it from us first, with a plan.",
        "Weekly scan of delivery status, overdue actions and falling scores; alerts the owner.",
    ),
    (
        "Launch support",
        "On launch day and the two weeks after, you have one number to call. "
        "Someone who knows your project picks up.",
        "Hypercare rota staffed by the delivery team for two weeks after go-live.",
    ),
    (
        "Gains check",
        "Six months after a project ends, we check with you that you got what you paid for. "
        "If not, we agree what to do next.",
        "Benefits realisation review against the business case at six and twelve months.",
    ),
    (
        "Project coaching",
        "Your own team gets help to run small projects well. You save time and keep control.",
        "Coaching and light templates for business-led projects under 50k.",
    ),
    (
        "Portfolio planning day",
        "Once a year we sit down with you and plan the work that matters most to you. "
        "You leave with a short list you chose.",
        "Annual portfolio prioritisation workshop using RICE and the capability waves.",
    ),
]

# What a customer reads when the PMO explains the service catalog.
CATALOG_INTRO = (
    "These are the ways our project office can help you. "
    "Each one says what gets easier for you. "
    "Tell us which ones you need, and which ones miss the mark."
)

register_customer_text("roadmap.catalog_intro", CATALOG_INTRO)
for _name, _outcome, _description in SERVICE_EXAMPLES:
    register_customer_text(f"roadmap.service_example.{_name}", _outcome)

# --- the customer's roadmap page and the email that brings them there (phase 2) --------------
# Marked for translation: the respondent catalogs hold them in every respondent language.


def _english(text: Promise) -> Callable[[], str]:
    """``text`` as the plain-language check reads it: in English."""

    def english() -> str:
        with override("en"):
            return str(text)

    return english


SHARE_EMAIL_SUBJECT = _("Your roadmap with our project office")
SHARE_EMAIL_BODY = _(
    "Hello {name},\n\n"
    "Here is the plan we made with you. It shows what we will fix first and what comes later.\n"
    "Tell us what matters most to you, and add a note on any step.\n\n"
    "{url}\n\n"
    "The link works for {days} days. You do not need a password.\n"
)
PUBLIC_INTRO = _(
    "This is the plan we made with you. The quick fixes come first. "
    "Bigger changes come in steps, so your team has time to get used to each one."
)
PUBLIC_MARK_HELP = _("Pick up to three steps that matter most to you.")
PUBLIC_COMMENT_HELP = _(
    "Tell us what you think of this step. You can also say how much it would help, "
    "from 1 (a little) to 5 (a lot)."
)
PUBLIC_THANKS = _("Thank you. We read every note and will get back to you.")
LINK_REFUSED = {
    "expired": _(
        "This link is too old to use. Ask your contact in the project office for a new one."
    ),
    "revoked": _("This link was turned off. Ask your contact in the project office for a new one."),
    "tampered": _("This link is not complete. Copy the whole link from the email and try again."),
}

register_customer_text("roadmap.share_email.subject", _english(SHARE_EMAIL_SUBJECT))
register_customer_text("roadmap.share_email.body", _english(SHARE_EMAIL_BODY))
register_customer_text("roadmap.public.intro", _english(PUBLIC_INTRO))
register_customer_text("roadmap.public.mark_help", _english(PUBLIC_MARK_HELP))
register_customer_text("roadmap.public.comment_help", _english(PUBLIC_COMMENT_HELP))
register_customer_text("roadmap.public.thanks", _english(PUBLIC_THANKS))
for _reason, _text in LINK_REFUSED.items():
    register_customer_text(f"roadmap.public.refused.{_reason}", _english(_text))

# How a step's status reads on the customer's page.
PUBLIC_STATUS = {
    "proposed": _("An idea we still talk over with you."),
    "planned": _("Planned."),
    "building": _("We are building it now."),
    "adopting": _("Ready. Your team is getting used to it."),
    "done": _("Done."),
}
for _status, _text in PUBLIC_STATUS.items():
    register_customer_text(f"roadmap.public.status.{_status}", _english(_text))
