"""The early warning end to end: a harness portfolio through the CSV imports, then Rapport's alerts.

.venv/bin/python scripts/evaluate_import.py                       # reference scenario, seed 1
.venv/bin/python scripts/evaluate_import.py --scenario "big teams" --seeds 1 2 3

For each seed, in a fresh SQLite database of its own (a temporary directory): the scenario's
portfolio (``insights/analytics/harness.py``) written as ``projects.csv`` and ``responses.csv``,
imported with ``rapport import projects|responses --commit`` (which recomputes health), then
read back from the stored monthly health: the share of deteriorating projects with an alert-making
signal (warning or critical) in their onset month or the next, and the alarms on steady projects
per project-year after the first 3 months (one per run of months with the signal). Beside it,
the harness's own run of the same portfolio, which counts a decline while an alert is open.
The history ends last month, so every month is over.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path


def _start(months: int) -> str:
    today = dt.date.today()
    index = today.year * 12 + today.month - 1 - months  # ends the month before this one
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def child(scenario: str, seed: int, folder: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'rapport.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rapport.settings")
    os.environ["RAPPORT_LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    from django.core.management import call_command

    from rapport.insights.analytics.harness import COMBINED, SCENARIOS, run_scenario
    from rapport.insights.analytics.synthetic import generate
    from rapport.insights.analytics.types import months_between
    from rapport.insights.models import HealthSnapshot

    call_command("migrate", verbosity=0)
    spec = SCENARIOS[scenario]
    spec = replace(spec, seed=seed, start=_start(spec.months))
    portfolio = generate(spec)
    code = {p.project_id: f"P{p.project_id:04d}" for p in portfolio.projects}
    with (folder / "projects.csv").open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["project", "customer", "complexity", "site", "delivery_status"])
        for p in portfolio.projects:
            customer = f"Customer {p.project_id % 30:02d}"
            out.writerow([code[p.project_id], customer, p.complexity, p.site, "G"])
    with (folder / "responses.csv").open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["project", "period", "respondent", "role", "mode", "overall"])
        for o in portfolio.observations:
            who = f"r{o.respondent_id}@example.org"
            out.writerow([code[int(o.project_id)], o.period, who, o.role, o.mode, int(o.score)])
    started = time.perf_counter()
    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    call_command("import_data", "projects", str(folder / "projects.csv"), "--commit", **quiet)
    call_command("import_data", "responses", str(folder / "responses.csv"), "--commit", **quiet)
    seconds = time.perf_counter() - started

    fired: dict[str, dict[str, set[str]]] = {}
    for project, period, signals in HealthSnapshot.objects.values_list(
        "project__code", "period", "signals"
    ):
        rules = {s["rule"] for s in signals if s.get("severity") in ("warning", "critical")}
        if rules:
            fired.setdefault(project, {})[period] = rules
    warm = set(portfolio.periods[:3])
    flagged = declines = alarms = steady_months = 0
    for p in portfolio.projects:
        months = fired.get(code[p.project_id], {})
        if p.onset is None:
            steady_months += len(portfolio.periods) - len(warm)
            before: set[str] = set()
            for period in portfolio.periods:
                now = months.get(period, set())
                if period not in warm and now - before:
                    alarms += 1
                before = now
        else:
            declines += 1
            flagged += any(0 <= months_between(p.onset, m) <= 1 for m in months)
    harness = run_scenario(scenario, spec, seed=seed)
    years = steady_months / 12
    print(
        f"{scenario:<24}{seed:>5}{len(portfolio.observations):>9,}{seconds:>9.1f}"
        f"{flagged:>6}/{declines:<4}{flagged / declines:>6.0%}{alarms / years:>8.3f}"
        f"{harness.rules[COMBINED].flagged:>8}/{harness.deteriorating:<4}"
        f"{harness.detection(COMBINED):>6.0%}{harness.false_alarm_rate(COMBINED):>8.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="reference")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1])
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.scenario, int(args.child[0]), Path(args.child[1]))
        return
    print(
        f"{'scenario':<24}{'seed':>5}{'answers':>9}{'import s':>9}"
        f"{'Rapport: flagged':>17}{'FA/yr':>8}{'harness: flagged':>18}{'FA/yr':>8}"
    )
    for seed in args.seeds:
        with tempfile.TemporaryDirectory(prefix="rapport-evaluate-") as folder:
            # A process per database: Django binds its connection settings once.
            cmd = [sys.executable, __file__, "--scenario", args.scenario]
            subprocess.run([*cmd, "--child", str(seed), folder], check=True)  # noqa: S603


if __name__ == "__main__":
    main()
