"""The monthly review's customer-facing words, registered with the plain-language check.

Every English string a stakeholder reads on the survey pages or in review emails is checked by
``roadmap/tests/test_language.py`` (through ``register_customer_text``), so our own defaults stay
plain. Placeholders are filled with sample values first; links are left out (they are not words).
"""

from __future__ import annotations

from rapport.feedback.words import WORDS, strings
from rapport.plainlanguage.check import register_customer_text

SAMPLE = {
    "project": "Branch booking",
    "name": "Olivia",
    "deadline": "21 May",
    "customer": "Retail Banking",
    "period": "May 2026",
    "n": "3",
    "k": "5",
    "kc": "7",
    "low": "1",
    "high": "10",
}


def _filled(text: str) -> str:
    try:
        return text.format(**SAMPLE)
    except (KeyError, IndexError):
        return text


for _key in WORDS:
    register_customer_text(f"feedback.review.{_key}", lambda key=_key: _filled(strings("en")[key]))  # type: ignore[misc]  # binds the loop's key


# "You said, we did" (feedback/services/said_did.py): Django translation strings.
from rapport.feedback.services.said_did import HIDDEN, HIDDEN_ONLY, TEXTS  # noqa: E402

for _key, _text in TEXTS.items():
    _sample = {**SAMPLE, "n": 3, "first": "October 2026", "last": "December 2026", "date": "21 May"}
    register_customer_text(f"feedback.said_did.{_key}", _text % _sample)
register_customer_text("feedback.said_did.hidden", HIDDEN[1] % {"n": 3})
register_customer_text("feedback.said_did.hidden_only", HIDDEN_ONLY[1] % {"n": 3})
