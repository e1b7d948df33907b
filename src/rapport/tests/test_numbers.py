"""Numbers in the reader's own way of writing them, wherever Rapport writes one into words."""

from __future__ import annotations

import pytest
from django.utils.translation import override

from rapport.charter.sparkline import sparkline_text
from rapport.text import number


@pytest.mark.parametrize(
    ("language", "value", "places", "expected"),
    [
        ("en", 6.25, 1, "6.2"),  # rounded half to even, as Python rounds
        ("fr", 6.3, 1, "6,3"),
        ("de", 0.5, None, "0,5"),
        ("de", 12.0, None, "12"),  # as few decimals as it needs
        ("nl", 7.0, 1, "7,0"),
        ("en", 45.4, 0, "45"),
    ],
)
def test_a_number_is_written_as_the_reader_writes_numbers(language, value, places, expected):
    with override(language):
        assert number(value, places) == expected


def test_a_charter_sparkline_says_its_values_in_french():
    import datetime as dt

    with override("fr"):
        text = sparkline_text([(dt.date(2026, 10, 1), 7.5)], target=8.5, title="Fiabilité")
    assert "7,5" in text.summary and "8,5" in text.summary
    assert text.rows[0][1] == "7,5"
