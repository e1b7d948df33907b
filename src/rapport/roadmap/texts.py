"""Customer-facing default texts the roadmap app ships, registered for the plain-language test.

``SERVICE_EXAMPLES`` are example services with outcome statements written the way a customer
would say them; the console offers them as a starting point and the demo loads them.
"""

from __future__ import annotations

from rapport.roadmap.language import register_customer_text

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
