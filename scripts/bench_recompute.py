"""Health recompute at the reference size (DESIGN.md, "Scale"): full and one answer's incremental.

Builds 2,000 projects with 60 months of monthly reviews ending this month (3–5 answers each, about
500,000 answers; a quarter of the customers answer in confidence and a quarter anonymously) in a
throw-away SQLite database, then measures, each in a fresh process so peak memory is its own:

- baseline: a plain ``sqlite3`` SELECT of the columns the recompute reads from the responses table;
- the early warning's alarm level, calibrated by simulation: once per deployment and settings,
  kept in the cache (a file cache here, as in production, so the later processes read it);
- the full recompute (``recompute_health``), twice (the second replaces stored snapshots);
- one answer: the request (``request_recompute(project_id=…)``) and the incremental recompute of
  that project (``run_pending_recomputes``), beside a plain SELECT of that project's answers.

Run with ``make bench`` (after the page benchmark) or ``python scripts/bench_recompute.py``;
``--db PATH`` keeps the built database and reuses it on the next run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
COLUMNS = (
    "project_id, period, overall, stakeholder_id, respondent_role, source, language, comment, "
    "cycle_id, id, confidentiality"
)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _waited() -> float | None:
    """Seconds this thread has waited for a CPU while ready to run (Linux's schedstat): on a
    shared machine the wall time beyond CPU is this run-queue wait, or else I/O and sleep."""
    try:
        with open(f"/proc/self/task/{os.getpid()}/schedstat") as f:
            return int(f.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return None


def _timed(wall0: float, cpu0: float, wait0: float | None) -> dict:
    wall, cpu, wait = time.perf_counter() - wall0, time.process_time() - cpu0, _waited()
    queue = wait - wait0 if wait is not None and wait0 is not None else None
    # What is neither on a CPU nor waiting for one: disk (fsync, checkpoints), locks, sleep.
    off = wall - cpu - queue if queue is not None else None
    return {"seconds": wall, "cpu": cpu, "queue": queue, "off": off}


def _setup(db: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rapport.settings")
    os.environ["RAPPORT_LOG_LEVEL"] = "WARNING"
    os.environ["RAPPORT_DEBUG"] = "false"  # as the worker runs: no query log
    # As in production: a file cache beside the database, shared by the measured processes.
    os.environ["RAPPORT_CACHE_URL"] = f"file://{db}.cache"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # a kept database may predate a migration


def child_build(db: str, args: argparse.Namespace) -> dict:
    _setup(db)
    sys.path.insert(0, str(HERE))
    from bench import build_history, build_portfolio

    t0 = time.perf_counter()
    build_portfolio(args.projects, args.projects * 10, args.projects // 10)
    built = build_history(args.months, per_cycle=(3, 5), comment_share=0.1)
    return {**built, "seconds": time.perf_counter() - t0}


def child_select(db: str, args: argparse.Namespace) -> dict:
    import sqlite3

    t0, c0, w0 = time.perf_counter(), time.process_time(), _waited()
    con = sqlite3.connect(db)
    rows = con.execute(f"SELECT {COLUMNS} FROM feedback_response").fetchall()  # noqa: S608
    con.close()
    return {**_timed(t0, c0, w0), "rows": len(rows), "peak_mb": _peak_mb()}


def child_calibrate(db: str, args: argparse.Namespace) -> dict:
    """The early warning's alarm level, worked out and stored in the cache (none stored before)."""
    _setup(db)
    from django.core.cache import cache

    from rapport.insights.early_warning import threshold

    cache.clear()
    t0, c0, w0 = time.perf_counter(), time.process_time(), _waited()
    level = threshold()
    return {**_timed(t0, c0, w0), "peak_mb": _peak_mb(), "level": level}


def child_full(db: str, args: argparse.Namespace) -> dict:
    _setup(db)
    from rapport.insights.services import recompute_health

    ready = _peak_mb()
    t0, c0, w0 = time.perf_counter(), time.process_time(), _waited()
    summary = recompute_health(notify=False)
    return {
        **_timed(t0, c0, w0),
        "peak_mb": _peak_mb(),
        "ready_mb": ready,
        "answers": summary["answers"],
        "snapshots": summary["snapshots"],
        "alerts": summary["alerts_opened"],
    }


def child_incremental(db: str, args: argparse.Namespace) -> dict:
    """One new answer at a time on different projects: request, then the incremental recompute."""
    import sqlite3

    _setup(db)
    import datetime as dt

    from rapport.feedback.models import Response, ReviewCycle
    from rapport.insights.services import request_recompute, run_pending_recomputes

    latest = ReviewCycle.objects.order_by("-period").values_list("period", flat=True).first()
    cycles = list(
        ReviewCycle.objects.filter(period=latest, confidentiality="attributed")
        .order_by("project_id")
        .values_list("pk", "project_id", "question_set_id")[: args.answers * 7 : 7]
    )
    con = sqlite3.connect(db)
    ready = _peak_mb()
    request, recompute, select = [], [], []
    for cycle_id, project_id, qs in cycles:
        Response.objects.create(
            project_id=project_id,
            cycle_id=cycle_id,
            period=latest,
            source="meeting",
            confidentiality="attributed",
            question_set_id=qs,
            scores={"overall": 3},
            overall=3,
            is_complete=True,
            submitted_on=dt.date.today(),
        )
        t0 = time.perf_counter()
        request_recompute(project_id=project_id)
        t1 = time.perf_counter()
        done = run_pending_recomputes()
        t2 = time.perf_counter()
        con.execute(
            f"SELECT {COLUMNS} FROM feedback_response WHERE project_id = ?",  # noqa: S608
            (project_id,),
        ).fetchall()
        t3 = time.perf_counter()
        assert done["projects"] == 1, done
        request.append(t1 - t0)
        recompute.append(t2 - t1)
        select.append(t3 - t2)
    return {
        "request": statistics.median(request),
        "recompute": statistics.median(recompute),
        "recompute_max": max(recompute),
        "select": statistics.median(select),
        "answers": len(cycles),
        "peak_mb": _peak_mb(),
        "ready_mb": ready,
    }


CHILDREN = {
    "build": child_build,
    "select": child_select,
    "calibrate": child_calibrate,
    "full": child_full,
    "incremental": child_incremental,
}


def _run(kind: str, db: str, args: argparse.Namespace) -> dict:
    cmd = [sys.executable, __file__, "--child", kind, "--db", db]
    cmd += ["--projects", str(args.projects), "--months", str(args.months)]
    cmd += ["--answers", str(args.answers)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)  # noqa: S603
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=2000)
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--answers", type=int, default=10, help="Answers to time one by one.")
    parser.add_argument("--db", help="Keep the built database here and reuse it when it exists.")
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(CHILDREN[args.child](args.db, args)))
        return

    db = args.db or str(Path(tempfile.mkdtemp(prefix="rapport-bench-")) / "recompute.sqlite3")
    if not Path(db).exists():
        built = _run("build", db, args)
        print(
            f"Built {args.projects} projects × {built['periods']} months ending this month: "
            f"{built['answers']:,} answers ({built['protected']:,} in confidence or anonymous) "
            f"in {built['seconds']:.0f} s"
        )
    select = _run("select", db, args)
    level = _run("calibrate", db, args)
    first = _run("full", db, args)
    again = _run("full", db, args)
    inc = _run("incremental", db, args)

    base, base_cpu = select["seconds"], select["cpu"]
    one = inc["select"]
    rows = [
        ("baseline: sqlite3 SELECT of all answers", base, base, base_cpu, base_cpu, select),
        (
            "alarm level (once per deployment)",
            level["seconds"],
            base,
            level["cpu"],
            base_cpu,
            level,
        ),
        ("full recompute (first run)", first["seconds"], base, first["cpu"], base_cpu, first),
        ("full recompute (again)", again["seconds"], base, again["cpu"], base_cpu, again),
        ("baseline: SELECT of one project's answers", one, one, None, None, None),
        ("one answer: request (coalesced)", inc["request"], one, None, None, None),
        ("one answer: incremental recompute", inc["recompute"], one, None, None, inc),
    ]
    print(
        f"{'health recompute, SQLite':<44}{'wall s':>9}{'× base':>8}{'CPU s':>8}{'× base':>8}"
        f"{'peak MB':>9}{'queued s':>10}{'off-CPU s':>10}"
    )
    for label, wall, wall_base, cpu, cpu_base, run in rows:
        line = f"{label:<44}{wall:>9.4f}{wall / wall_base:>8.1f}"
        line += f"{cpu:>8.2f}{cpu / cpu_base:>8.1f}" if cpu is not None else " " * 16
        line += f"{run['peak_mb']:>9.0f}" if run else ""
        if run and run.get("queue") is not None:
            line += f"{run['queue']:>10.2f}{run['off']:>10.2f}"
        print(line)
    print(
        f"{first['answers']:,} answers in the figures, {first['snapshots']:,} snapshots, "
        f"{first['alerts']:,} alerts opened; Django loaded: {first['ready_mb']:.0f} MB; "
        f"alarm level {level['level']:.2f}, read from the cache by the recomputes; "
        f"incremental: median of {inc['answers']} answers on different projects "
        f"(slowest {inc['recompute_max']:.3f} s). Peak MB is the whole process."
    )
    if first.get("queue") is not None:
        print(
            "Wall = CPU + queued (ready to run, waiting for a core the machine's other work "
            "held) + off-CPU (disk: fsync, WAL checkpoints; locks; sleep)."
        )


if __name__ == "__main__":
    main()
