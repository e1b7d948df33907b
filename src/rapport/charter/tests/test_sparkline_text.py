"""A sparkline's text alternative: the months behind it and the latest against the target."""

from __future__ import annotations

import datetime as dt

from rapport.charter.sparkline import sparkline_text


def test_sparkline_text_says_each_month_and_the_latest():
    series = [(dt.date(2026, 1, 1), 6.5), (dt.date(2026, 2, 1), None), (dt.date(2026, 3, 1), 8)]
    text = sparkline_text(series, target=7.5, title="Predictability")
    assert text.summary == "Predictability: 8 in Mar 2026, target 7.5."
    assert text.rows == (("Jan 2026", "6.5"), ("Feb 2026", "no data"), ("Mar 2026", "8"))
    assert "no data yet" in sparkline_text([], target=1, title="X").summary
