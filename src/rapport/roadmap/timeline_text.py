"""The roadmap timeline's text alternative on the console's roadmap page, in the reader's
console language (the drawing itself is ``roadmap/timeline.py``, shared with the customer's
page)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils.translation import gettext, ngettext

from rapport.chart_text import ChartText
from rapport.roadmap.models import ItemStatus
from rapport.roadmap.timeline import TimelineRow


def _status(code: str) -> str:
    return str(ItemStatus(code).label) if code in ItemStatus.values else code


def timeline_text(rows: Sequence[TimelineRow], *, today: dt.date) -> ChartText:
    """The timeline in words: one row per item with its build and adoption windows."""
    planned = [r for r in rows if r.build_start and r.build_end]
    quick = sum(1 for r in rows if r.quick_win)
    summary = " ".join(
        (
            ngettext(
                "%(n)s item on the roadmap, %(planned)s with dates,",
                "%(n)s items on the roadmap, %(planned)s with dates,",
                len(rows),
            )
            % {"n": len(rows), "planned": len(planned)},
            ngettext("%(n)s quick fix (★).", "%(n)s quick fixes (★).", quick) % {"n": quick},
            gettext("Today is %(today)s.") % {"today": today.isoformat()},
        )
    )
    table = tuple(
        (
            ("★ " if r.quick_win else "") + r.label,
            gettext("%(start)s to %(end)s")
            % {"start": r.build_start.isoformat(), "end": r.build_end.isoformat()}
            if r.build_start and r.build_end
            else gettext("not planned yet"),
            r.adoption_end.isoformat() if r.adoption_end else "—",
            gettext("Wave %(n)s") % {"n": r.wave} if r.wave else "—",
            _status(r.status) if r.status else "—",
        )
        for r in rows
    )
    headers = (
        gettext("Item"),
        gettext("Build"),
        gettext("Adoption until"),
        gettext("Wave"),
        gettext("Status"),
    )
    return ChartText(summary, headers, table)
