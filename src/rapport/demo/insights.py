"""Demo data, insights part: the health review computed for every month of the demo history.

The feedback part plants deteriorating projects and a silent customer; recomputing here turns
them into health snapshots and alerts with readable reasons, as the worker would have.
No randomness of its own (the recompute is deterministic), so no seed offset is needed.
"""

from __future__ import annotations

from typing import Any


def build_insights(result: Any, options: Any, progress: Any) -> None:
    from rapport.insights.services import recompute_health

    say = progress or (lambda _msg: None)
    summary = recompute_health(by="demo", notify=False, today=options.today)
    say(
        "Health review: {snapshots} monthly snapshots, {alerts_opened} alerts "
        "({seconds} s).".format(**summary)
    )
