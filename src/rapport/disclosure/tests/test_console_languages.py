"""Why figures are hidden, and where released figures come from, in French and German."""

from __future__ import annotations

import pytest
from django.utils.translation import override

from rapport.disclosure.release import withheld_reason
from rapport.disclosure.rules import disclosure

HIDDEN = {
    "fr": (
        "Les notes restent masquées tant que moins de 5 personnes ont répondu (2 pour l’instant)."
    ),
    "de": "Bewertungen bleiben verborgen, bis mindestens 5 Personen geantwortet haben (bisher 2).",
}
WITHHELD = {
    "fr": "Les notes données en confidence s’affichent dès qu’au moins 5 personnes ont répondu",
    "de": "Vertraulich gegebene Bewertungen erscheinen, sobald mindestens 5 Personen",
}


@pytest.mark.parametrize("language", ["fr", "de"])
def test_the_reasons(language):
    with override(language):
        assert disclosure("confidential", 2, k=5, k_comments=5).reason == HIDDEN[language]
        assert withheld_reason(5).startswith(WITHHELD[language])
    assert disclosure("confidential", 2, k=5, k_comments=5).reason == (
        "Scores are hidden until at least 5 people have answered (2 so far)."
    )
