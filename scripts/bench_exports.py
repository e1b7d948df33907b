"""Speed of the CSV export at the reference size (DESIGN.md "Scale"): ~500,000 responses.

Builds (or reuses, with --database) a portfolio of 2,000 projects and 20,000 stakeholders with
monthly reviews, then times in the same run:

- ``baseline``: a plain export of the same rows and columns with Python's sqlite3 module and
  csv.writer (what ``sqlite3 -csv`` does, without Rapport's permission and privacy filters);
- ``rapport``: ``rapport.exports`` for a PMO lead, streamed as the console sends it.

Prints rows per second for each and their ratio. The target is ≥ 100,000 rows/s for Rapport.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

TARGET_ROWS_PER_SECOND = 100_000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=2000)
    parser.add_argument("--stakeholders", type=int, default=20000)
    parser.add_argument("--customers", type=int, default=200)
    parser.add_argument("--months", type=int, default=60, help="5 years: ~500,000 responses.")
    parser.add_argument("--database", help="SQLite file to build once and reuse.")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--xlsx", action="store_true", help="Also time the XLSX export (write-only openpyxl)."
    )
    args = parser.parse_args()

    path = Path(args.database or Path(tempfile.mkdtemp(prefix="rapport-bench-")) / "x.sqlite3")
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rapport.settings")
    os.environ["RAPPORT_LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    from django.core.management import call_command

    from rapport.accounts.models import Role, User
    from rapport.feedback.models import Response

    call_command("migrate", verbosity=0)
    if not Response.objects.exists():
        t0 = time.perf_counter()
        _build(args)
        print(f"Built the reference portfolio in {time.perf_counter() - t0:.0f} s ({path})")
    lead = User.objects.filter(role=Role.PMO_LEAD).first()
    total = Response.objects.count()
    readable = Response.objects.exclude(confidentiality="anonymous").count()

    baseline = _best(args.repeat, lambda: _baseline(path))
    rapport = _best(args.repeat, lambda: _rapport(lead))
    base_rate, rapport_rate = baseline[1] / baseline[0], rapport[1] / rapport[0]
    print(f"Responses: {total:,} ({readable:,} a PMO lead may export one by one)")
    print(f"{'export':<34}{'rows':>10}{'seconds':>10}{'rows/s':>12}")
    print(
        f"{'baseline (sqlite3 + csv.writer)':<34}{baseline[1]:>10,}{baseline[0]:>10.2f}"
        f"{base_rate:>12,.0f}"
    )
    print(
        f"{'rapport export responses (CSV)':<34}{rapport[1]:>10,}{rapport[0]:>10.2f}"
        f"{rapport_rate:>12,.0f}"
    )
    if args.xlsx:
        xlsx = _best(args.repeat, lambda: _rapport_xlsx(lead))
        print(
            f"{'rapport export responses (XLSX)':<34}{xlsx[1]:>10,}{xlsx[0]:>10.2f}"
            f"{xlsx[1] / xlsx[0]:>12,.0f}"
        )
    verdict = "meets" if rapport_rate >= TARGET_ROWS_PER_SECOND else "MISSES"
    print(
        f"Ratio rapport/baseline: {rapport_rate / base_rate:.2f} · {verdict} the target of "
        f"{TARGET_ROWS_PER_SECOND:,} rows/s"
    )
    return 0


def _best(repeat: int, run) -> tuple[float, int]:
    """The fastest of ``repeat`` runs (the machine is shared): (seconds, rows)."""
    results = []
    for _ in range(repeat):
        start = time.perf_counter()
        rows = run()
        results.append((time.perf_counter() - start, rows))
    return min(results)


def _baseline(path: Path) -> int:
    """The same rows and columns, straight from SQLite: the floor any export stands on."""
    sql = """
        SELECT r.id, p.name, c.name, r.period, r.cycle_id, r.source, r.confidentiality,
               s.name, r.respondent_role, r.language, r.submitted_on, r.is_complete,
               r.scores, r.comment
        FROM feedback_response r
        JOIN portfolio_project p ON p.id = r.project_id
        JOIN customers_customer c ON c.id = p.customer_id
        LEFT JOIN customers_stakeholder s ON s.id = r.stakeholder_id
        WHERE r.confidentiality != 'anonymous'
        ORDER BY p.name, p.id, r.period, r.submitted_on, r.id
    """
    out = io.StringIO()
    writer = csv.writer(out)
    rows = 0
    with sqlite3.connect(path) as db:
        cursor = db.execute(sql)
        while batch := cursor.fetchmany(2000):
            writer.writerows(batch)
            rows += len(batch)
            out.seek(0)
            out.truncate()
    return rows


def _rapport(lead) -> int:
    from rapport.exports.services import csv_stream

    rows = -1  # the header
    for chunk in csv_stream("responses", lead, {}):
        rows += chunk.count("\n")  # no comment in the reference data spans lines
    return rows


def _rapport_xlsx(lead) -> int:
    """The XLSX file as the console sends it (a temporary file); rows counted as written."""
    import dataclasses

    from rapport.exports.services import prepare_export
    from rapport.exports.writers import xlsx_file

    prepared = prepare_export("responses", lead, {}, "xlsx")
    counted = {"rows": 0}

    def rows():
        for row in prepared.rows:
            counted["rows"] += 1
            yield row

    xlsx_file(dataclasses.replace(prepared, rows=rows()), title="Responses").close()
    return counted["rows"]


def _build(args) -> None:
    """2,000 projects × ``months`` monthly reviews with 4–6 answers each; a quarter of the
    customers give feedback in confidence and a quarter anonymously (as in scripts/bench.py)."""
    import datetime as dt
    import random

    from rapport.accounts.models import Role, User
    from rapport.customers.models import Customer, Stakeholder
    from rapport.feedback.models import Response, ReviewCycle
    from rapport.feedback.services import default_question_set
    from rapport.portfolio.models import Project

    rng = random.Random(5)
    User.objects.create_user("lead@bench.test", "bench-pass-1", role=Role.PMO_LEAD)
    pms = [
        User.objects.create_user(f"pm{i}@bench.test", None, role=Role.PROJECT_MANAGER)
        for i in range(50)
    ]
    customers = Customer.objects.bulk_create(
        [Customer(name=f"Customer {i:04d}") for i in range(args.customers)]
    )
    Stakeholder.objects.bulk_create(
        [
            Stakeholder(
                customer=customers[i % len(customers)],
                name=f"Person {i}",
                email=f"p{i}@bench.test",
                role="Sponsor" if i % 7 == 0 else "User",
            )
            for i in range(args.stakeholders)
        ],
        batch_size=5000,
    )
    Project.objects.bulk_create(
        [
            Project(
                name=f"Project {i:05d}",
                customer=customers[i % len(customers)],
                project_manager=pms[i % len(pms)],
            )
            for i in range(args.projects)
        ],
        batch_size=5000,
    )
    qs = default_question_set()
    cultures = ["attributed", "confidential", "anonymous", "attributed"]
    projects = list(Project.objects.values_list("pk", "customer_id"))
    culture_of = {pk: cultures[cid % 4] for pk, cid in projects}
    customer_of = dict(projects)
    people: dict[int, list[int]] = {}
    for pk, cid in Stakeholder.objects.values_list("pk", "customer_id"):
        people.setdefault(cid, []).append(pk)
    periods = [f"{2021 + m // 12}-{m % 12 + 1:02d}" for m in range(args.months)]
    ReviewCycle.objects.bulk_create(
        [
            ReviewCycle(
                project_id=pk,
                period=p,
                mode="email",
                state="closed",
                question_set=qs,
                confidentiality=culture_of[pk],
            )
            for pk, _ in projects
            for p in periods
        ],
        batch_size=5000,
    )
    comments = [
        "",
        "",
        "Clear updates.",
        "Tell us earlier when dates move.",
        "=1+1 is not a formula",
    ]
    batch = []
    for cid, pk, period in ReviewCycle.objects.values_list("pk", "project_id", "period").iterator():
        pool = people[customer_of[pk]]
        anonymous = culture_of[pk] == "anonymous"
        for k in range(rng.randint(3, 5)):
            score = rng.randint(3, 10)
            batch.append(
                Response(
                    project_id=pk,
                    cycle_id=cid,
                    period=period,
                    source="survey",
                    confidentiality=culture_of[pk],
                    question_set=qs,
                    stakeholder_id=None if anonymous else pool[k % len(pool)],
                    scores={
                        "overall": score,
                        "transparency": max(1, score - 1),
                        "reliability": score,
                    },
                    overall=score,
                    is_complete=True,
                    comment=rng.choice(comments),
                    submitted_on=dt.date(int(period[:4]), int(period[5:]), 1 if anonymous else 9),
                )
            )
        if len(batch) >= 20000:
            Response.objects.bulk_create(batch, batch_size=5000)
            batch.clear()
    Response.objects.bulk_create(batch, batch_size=5000)


if __name__ == "__main__":
    sys.exit(main())
