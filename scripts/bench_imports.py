"""Import speed at the reference size, beside a plain csv → sqlite3 load measured in the same run.

Builds 2,000 projects, 200 customers and 20,000 stakeholders in a throw-away SQLite database (or
the PostgreSQL database named by BENCH_DATABASE_URL), writes CSV files, and times
``rapport import`` for them (the same ``run_import`` the command calls: streaming, counting,
hashing, checking, one write transaction). The baseline reads the same file with csv.reader and
loads it with sqlite3's executemany into a table of the same width in its own database file.
Prints rows/s, the ratio to the baseline, how long the write held the database, and peak memory;
also rows per second of this process's CPU time ("cpu"), which another busy process on the same
machine disturbs less than the wall clock.

    python scripts/bench_imports.py [--responses 500000] [--people 20000]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path


def baseline(path: Path, db: Path) -> tuple[float, float]:
    """csv.reader + sqlite3 executemany into a table of the file's width: rows per second of
    the wall clock and of CPU time."""
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    started, cpu = time.perf_counter(), time.process_time()
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        table = f"t_{path.stem}"
        columns = ", ".join(f"c{i}" for i in range(len(header)))
        marks = ", ".join("?" * len(header))
        con.execute(f"DROP TABLE IF EXISTS {table}")
        con.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, {columns})")
        with con:
            con.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", reader)  # noqa: S608
        rows = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    con.close()
    return rows / seconds, rows / cpu


def write_files(tmp: Path, args, customers, people, projects) -> dict[str, Path]:
    rng = random.Random(7)
    paths = {}
    paths["customers"] = tmp / "customers.csv"
    with paths["customers"].open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["name", "external_id", "kind", "priorities", "preferred_channel", "language"])
        for i in range(args.people):
            w.writerow([f"Client {i:05d}", f"CL-{i:05d}", "client", "Speed;Cost", "email", "fr"])
    paths["stakeholders"] = tmp / "stakeholders.csv"
    with paths["stakeholders"].open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["email", "name", "customer", "role", "language", "power", "interest"])
        for i in range(args.people):
            customer = customers[i % len(customers)]
            w.writerow([f"new{i}@bench.test", f"New {i}", customer, "Lead", "de", 4, 2])
    paths["responses"] = tmp / "responses.csv"
    today = dt.date.today()
    months = max(1, args.responses // (len(projects) * 5))
    periods = []
    for back in range(months, 0, -1):
        y, m = divmod(today.year * 12 + today.month - 1 - back, 12)
        periods.append(f"{y:04d}-{m + 1:02d}")
    header = ["project", "period", "respondent", "role", "mode", "overall", "alignment"]
    header += ["transparency", "predictability", "reliability", "value", "recommend", "comment"]
    written = 0
    with paths["responses"].open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        for period in periods:
            for code, customer_index in projects:
                anonymous = customer_index % 5 == 0
                for k in range(5):
                    if written >= args.responses:
                        break
                    who = "" if anonymous else people[customer_index][k]
                    s = [rng.randint(4, 10) for _ in range(7)]
                    comment = "Clear updates every week." if s[0] > 8 else ""
                    mode = "email" if anonymous else "call"
                    w.writerow([code, period, who, "Sponsor" if who else "", mode, *s, comment])
                    written += 1
    return paths


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="rapport-bench-imports-"))
    try:
        run(tmp)
    finally:  # the files and databases are hundreds of MB at the default size
        shutil.rmtree(tmp, ignore_errors=True)


def run(tmp: Path) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--responses", type=int, default=500_000)
    parser.add_argument("--people", type=int, default=20_000, help="Rows of the people files.")
    parser.add_argument("--projects", type=int, default=2000)
    parser.add_argument("--customers", type=int, default=200)
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rapport.settings")
    os.environ["RAPPORT_LOG_LEVEL"] = "WARNING"
    os.environ.setdefault("RAPPORT_TASKS", "immediate")
    import django

    django.setup()
    from django.core.management import call_command

    from rapport.customers.models import Customer, Stakeholder
    from rapport.imports.reading import TableSource
    from rapport.imports.services import run_import
    from rapport.insights import response_import
    from rapport.portfolio.models import Project

    call_command("migrate", verbosity=0)
    if "bench.sqlite3" not in os.environ["DATABASE_URL"]:
        call_command("flush", interactive=False, verbosity=0)
    customers = Customer.objects.bulk_create(
        [Customer(name=f"Customer {i:04d}") for i in range(args.customers)]
    )
    Stakeholder.objects.bulk_create(
        [
            Stakeholder(customer=customers[i % len(customers)], name=f"P {i}", email=f"p{i}@b.test")
            for i in range(args.people)
        ],
        batch_size=2000,
    )
    people: dict[int, list[str]] = {}
    for i in range(args.people):
        people.setdefault(i % len(customers), []).append(f"p{i}@b.test")
    Project.objects.bulk_create(
        [
            Project(
                name=f"Project {i:05d}", code=f"P{i:05d}", customer=customers[i % len(customers)]
            )
            for i in range(args.projects)
        ],
        batch_size=2000,
    )
    projects = [(f"P{i:05d}", i % len(customers)) for i in range(args.projects)]
    names = [c.name for c in customers]
    paths = write_files(tmp, args, names, people, projects)
    # The recompute a committed history import asks for runs in the worker, not in this timing.
    response_import.ResponseHistoryImporter.after_commit = lambda self, result: None

    print(
        f"{'import':<24}{'rows':>9}{'rows/s':>11}{'baseline/s':>12}{'ratio':>8}"
        f"{'cpu rows/s':>12}{'cpu base/s':>12}{'ratio':>8}{'write s':>9}{'peak MB':>9}"
    )
    verdicts = []
    goals = {"responses": 100_000, "customers": 50_000, "stakeholders": 50_000}
    for kind, commit in [
        ("customers", True),
        ("stakeholders", True),
        ("responses", False),
        ("responses", True),
    ]:
        path = paths[kind]
        base, cpu_base = baseline(path, tmp / "baseline.sqlite3")
        started, cpu = time.perf_counter(), time.process_time()
        result = run_import(kind, TableSource.from_path(path), by=None, commit=commit)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        if result.errors:
            print(f"{kind}: {len(result.errors)} errors, first: {result.errors[:3]}")
            sys.exit(1)
        rate, cpu_rate = result.rows / seconds, result.rows / cpu
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        label = f"{kind} ({'commit' if commit else 'dry run'})"
        print(
            f"{label:<24}{result.rows:>9}{rate:>11,.0f}{base:>12,.0f}{rate / base:>8.2f}"
            f"{cpu_rate:>12,.0f}{cpu_base:>12,.0f}{cpu_rate / cpu_base:>8.2f}"
            f"{result.write_seconds:>9.2f}{peak:>9.0f}"
        )
        if commit:
            met = "met" if rate >= goals[kind] else "NOT met"
            verdicts.append(f"{kind} ≥ {goals[kind] // 1000}k rows/s: {met} ({rate / 1000:.1f}k)")
    print("goals: " + "; ".join(verdicts))


if __name__ == "__main__":
    main()
