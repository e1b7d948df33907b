"""Benchmarks at Rapport's reference size (DESIGN.md, "Scale").

Builds a portfolio of 2,000 projects and 20,000 stakeholders in a throw-away SQLite database (or the
PostgreSQL database named by BENCH_DATABASE_URL), then times the console and API pages a PMO opens
most, counting SQL queries. Run with `make bench`; numbers go to stdout as a table.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=2000)
    parser.add_argument("--stakeholders", type=int, default=20000)
    parser.add_argument("--customers", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--months", type=int, default=24, help="Review history for the recompute (0 = skip)."
    )
    parser.add_argument(
        "--all-attributed",
        action="store_true",
        help="Every review attributed (by default a quarter of the customers give feedback in "
        "confidence and a quarter anonymously, so the disclosure layer is timed too).",
    )
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="rapport-bench-")
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rapport.settings")
    os.environ["RAPPORT_ALLOWED_HOSTS"] = "testserver"
    os.environ["RAPPORT_LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    if "bench.sqlite3" not in os.environ["DATABASE_URL"]:
        call_command("flush", interactive=False, verbosity=0)

    t0 = time.perf_counter()
    lead, sponsor, pms = build_portfolio(args.projects, args.stakeholders, args.customers)
    build = time.perf_counter() - t0

    def time_pages(pages):
        for label, user, url in pages:
            client = Client()
            client.force_login(user)
            client.get(url)  # warm-up
            times = []
            for _ in range(args.repeat):
                with CaptureQueriesContext(connection) as ctx:
                    start = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            rows.append((label, statistics.median(times), max(times), len(ctx.captured_queries)))

    rows = []
    pages = [
        ("PMO home", lead, "/"),
        ("Sponsor home", sponsor, "/"),
        ("Project manager home", pms[0], "/"),
        ("Project list, page 1", lead, "/projects/"),
        ("Project list, filtered", lead, "/projects/?delivery_status=R&page=3"),
        ("Customer list", lead, "/customers/"),
        ("API projects, page 10", lead, "/api/projects/?page=10"),
    ]
    time_pages(pages)

    recompute = (
        _bench_recompute(args.months, protected=not args.all_attributed) if args.months else None
    )
    if recompute:
        # Pages that read the review history and the health snapshots, at the reference size.
        time_pages(
            [
                ("Health review (PMO)", lead, "/insights/"),
                ("Health review (sponsor)", sponsor, "/insights/"),
                ("Alerts", lead, "/insights/alerts/"),
                ("Reviews in flight", lead, "/reviews/"),
                ("API health, page 5", lead, "/api/insights/health?page=5"),
            ]
        )

    engine = connection.vendor
    print(
        f"Reference portfolio on {engine}: {args.projects} projects, {args.stakeholders} "
        f"stakeholders, {args.customers} customers (built in {build:.1f} s)"
    )
    print(f"{'page':<28}{'median ms':>10}{'max ms':>10}{'queries':>9}")
    for label, median, worst, queries in rows:
        print(f"{label:<28}{median:>10.1f}{worst:>10.1f}{queries:>9}")
    if recompute:
        print(
            "Health recompute: {answers} answers over {periods} periods built in {build:.1f} s; "
            "recompute {seconds:.1f} s ({snapshots} snapshots, {alerts_opened} alerts; "
            "{protected} answers given in confidence or anonymously)".format(**recompute)
        )


def build_portfolio(projects: int, stakeholders: int, customers: int):
    """Users, customers, stakeholders and projects of the reference portfolio (no reviews)."""
    from rapport.accounts.models import Role, User
    from rapport.customers.models import Customer, Stakeholder
    from rapport.portfolio.models import Project

    lead = User.objects.create_user("lead@bench.test", "bench-pass-1", role=Role.PMO_LEAD)
    sponsor = User.objects.create_user("sp@bench.test", "bench-pass-1", role=Role.EXECUTIVE_SPONSOR)
    pms = [
        User.objects.create_user(f"pm{i}@bench.test", None, role=Role.PROJECT_MANAGER)
        for i in range(50)
    ]
    rows = Customer.objects.bulk_create(
        [Customer(name=f"Customer {i:04d}") for i in range(customers)]
    )
    Stakeholder.objects.bulk_create(
        [
            Stakeholder(customer=rows[i % len(rows)], name=f"Person {i}", email=f"p{i}@bench.test")
            for i in range(stakeholders)
        ],
        batch_size=2000,
    )
    statuses = ["G", "AG", "A", "AR", "R"]
    Project.objects.bulk_create(
        [
            Project(
                name=f"Project {i:05d}",
                customer=rows[i % len(rows)],
                project_manager=pms[i % len(pms)],
                delivery_status=statuses[i % 5],
                complexity=1 + i % 5,
            )
            for i in range(projects)
        ],
        batch_size=2000,
    )
    return lead, sponsor, pms


def _bench_recompute(months: int, *, protected: bool = True) -> dict:
    """Monthly reviews for every project (2–4 answers, mixed modes), then one full recompute."""
    from rapport.insights.services import recompute_health

    t0 = time.perf_counter()
    built = build_history(months, protected=protected)
    build = time.perf_counter() - t0
    summary = recompute_health(notify=False)
    return {**summary, "build": build, "protected": built["protected"]}


def history_periods(months: int, today=None) -> list[str]:
    """The last ``months`` periods, ending with the current one (history never lies ahead)."""
    import datetime as dt

    today = today or dt.date.today()
    end = today.year * 12 + today.month - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(end - months + 1, end + 1)]


COMMENTS = [
    "Good progress this month, the team is responsive.",
    "Communication could be better, we were not told about the delay.",
    "Great work on the release, thank you.",
    "The budget worries us.",
    "Quality of the deliverables has dropped.",
    "Very happy with the new project manager.",
]


def build_history(
    months: int,
    *,
    protected: bool = True,
    per_cycle: tuple[int, int] = (2, 4),
    comment_share: float = 0.0,
    batch: int = 20_000,
) -> dict:
    """Monthly reviews for every project, ``per_cycle`` answers each (mixed modes), ending now.

    With ``protected``, customers 1, 5, 9, … give feedback in confidence and 2, 6, 10, …
    anonymously (no stakeholder, no invitation: the disclosure layer counts them cautiously).
    Answers are written in batches so the builder's memory stays flat at any size.
    """
    import datetime as dt
    import random

    from rapport.customers.models import Stakeholder
    from rapport.feedback.models import Response, ReviewCycle
    from rapport.feedback.services import default_question_set
    from rapport.portfolio.models import Project

    rng = random.Random(5)
    qs = default_question_set()
    people: dict[int, list[int]] = {}
    for pk, customer_id in Stakeholder.objects.values_list("pk", "customer_id"):
        people.setdefault(customer_id, []).append(pk)
    projects = list(Project.objects.values_list("pk", "customer_id", "complexity"))
    cultures = ["attributed", "confidential", "anonymous", "attributed"]
    culture_of = {
        pk: cultures[customer_id % 4] if protected else "attributed"
        for pk, customer_id, _ in projects
    }
    periods = history_periods(months)
    modes = ["meeting", "call", "email"]
    cycles = [
        ReviewCycle(
            project_id=pk,
            period=p,
            mode=rng.choice(modes),
            state="closed",
            question_set=qs,
            confidentiality=culture_of[pk],
        )
        for pk, _, _ in projects
        for p in periods
    ]
    ReviewCycle.objects.bulk_create(cycles, batch_size=5000)
    del cycles
    source = {"meeting": "meeting", "call": "call", "email": "survey"}
    answers: list = []
    total = mine = 0
    customer_of = {pk: customer_id for pk, customer_id, _ in projects}
    for cid, pk, period, mode in ReviewCycle.objects.values_list(
        "pk", "project_id", "period", "mode"
    ).iterator(chunk_size=5000):
        pool = people.get(customer_of[pk], [])
        level = 8.0 - 0.4 * (pk % 5)
        culture = culture_of[pk]
        for k in range(rng.randint(*per_cycle)):
            score = max(1, min(10, round(rng.gauss(level, 1.0))))
            anonymous = culture == "anonymous"
            comment = rng.choice(COMMENTS) if rng.random() < comment_share else ""
            answers.append(
                Response(
                    project_id=pk,
                    cycle_id=cid,
                    period=period,
                    source=source[mode],
                    confidentiality=culture,
                    question_set=qs,
                    stakeholder_id=pool[k % len(pool)] if pool and not anonymous else None,
                    scores={"overall": score},
                    overall=score,
                    comment=comment,
                    is_complete=True,
                    submitted_on=dt.date(int(period[:4]), int(period[5:]), 1 if anonymous else 10),
                )
            )
            mine += culture != "attributed"
        if len(answers) >= batch:
            total += len(answers)
            Response.objects.bulk_create(answers, batch_size=5000)
            answers = []
    total += len(answers)
    Response.objects.bulk_create(answers, batch_size=5000)
    return {"answers": total, "protected": mine, "periods": len(periods)}


if __name__ == "__main__":
    sys.exit(main())
