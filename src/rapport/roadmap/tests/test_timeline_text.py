"""The roadmap timeline's text alternative."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import override

from rapport.roadmap.timeline import TimelineRow
from rapport.roadmap.timeline_text import timeline_text


def test_timeline_text_lists_each_item_with_its_windows():
    rows = [
        TimelineRow(
            "Booking link", True, 1, dt.date(2026, 1, 5), dt.date(2026, 2, 1), dt.date(2026, 4, 1)
        ),
        TimelineRow("Online booking", False, None, None, None, None, "proposed"),
    ]
    text = timeline_text(rows, today=dt.date(2026, 1, 10))
    assert text.summary == (
        "2 items on the roadmap, 1 with dates, 1 quick fix (★). Today is 2026-01-10."
    )
    assert text.rows == (
        ("★ Booking link", "2026-01-05 to 2026-02-01", "2026-04-01", "Wave 1", "—"),
        ("Online booking", "not planned yet", "—", "—", "Proposed"),
    )
    with override("fr"):
        french = timeline_text(rows, today=dt.date(2026, 1, 10))
    assert french.summary.startswith("2 éléments sur la feuille de route")
    assert french.rows[0][1] == "2026-01-05 au 2026-02-01"
    assert french.rows[1][1:] == ("pas encore prévu", "—", "—", "Proposé")
