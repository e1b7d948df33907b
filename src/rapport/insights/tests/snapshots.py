"""Test helper: stored health snapshots and alerts without running the recompute."""

from __future__ import annotations

from rapport.insights.models import Alert, HealthSnapshot
from rapport.insights.storage import mark_latest

PERIODS = ["2026-01", "2026-02", "2026-03"]


def snapshot_rows(projects, periods=PERIODS) -> list[HealthSnapshot]:
    rows = []
    for i, project in enumerate(projects):
        for j, period in enumerate(periods):
            status = "GAR"[(i + j) % 3]
            rows.append(
                HealthSnapshot(
                    project=project,
                    period=period,
                    n=4 + j,
                    mean=7.0 + j / 10,
                    adjusted=7.1,
                    theta=6.5 + (i % 5) / 2,
                    low=6.0,
                    high=7.5,
                    method="empirical_bayes",
                    status=status,
                    delivery="G",
                    satisfaction=status,
                    engagement="G",
                    actions="G",
                    reasons=[f"reason {i}"],
                    signals=[
                        {
                            "rule": "drop",
                            "severity": "warning",
                            "period": period,
                            "message": "Mean fell from 8.0 to 5.0",
                            "evidence": {"drop": 3},
                        }
                    ]
                    if status == "R"
                    else [],
                )
            )
    HealthSnapshot.objects.bulk_create(rows)
    mark_latest([p.pk for p in projects])
    return rows


def alert(project, rule="drop", severity="warning", period="2026-03") -> Alert:
    return Alert.objects.create(
        project=project,
        rule=rule,
        severity=severity,
        period=period,
        last_period=period,
        message=f"{rule} fired in {period}, n=3",
        evidence={"n": 3},
    )
