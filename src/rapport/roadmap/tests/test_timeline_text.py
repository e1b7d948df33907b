"""The roadmap timeline's text alternative."""

from __future__ import annotations

import datetime as dt

from rapport.roadmap.timeline import TimelineRow, timeline_text


def test_timeline_text_lists_each_item_with_its_windows():
    rows = [
        TimelineRow(
            "Booking link", True, 1, dt.date(2026, 1, 5), dt.date(2026, 2, 1), dt.date(2026, 4, 1)
        ),
        TimelineRow("Online booking", False, None, None, None, None, "idea"),
    ]
    text = timeline_text(rows, today=dt.date(2026, 1, 10))
    assert text.summary == (
        "2 items on the roadmap, 1 with dates, 1 quick fix (★). Today is 2026-01-10."
    )
    assert text.rows == (
        ("★ Booking link", "2026-01-05 to 2026-02-01", "2026-04-01", "Wave 1", "—"),
        ("Online booking", "not planned yet", "—", "—", "idea"),
    )
