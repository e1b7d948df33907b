"""The monthly review's customer-facing words, registered with the plain-language check.

Every English string a stakeholder reads on the survey pages or in review emails is checked by
``roadmap/tests/test_language.py`` (through ``register_customer_text``), so our own defaults stay
plain. Placeholders are filled with sample values first; links are left out (they are not words).
"""

from __future__ import annotations

from rapport.feedback.words import WORDS, strings
from rapport.roadmap.language import register_customer_text

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
    register_customer_text(f"feedback.review.{_key}", lambda key=_key: _filled(strings("en")[key]))
