"""Load generator for the respondent's survey path: GET the form, POST the answers, GET the
thank-you page, as a stakeholder's browser does.

Builds a throw-away SQLite database (or uses the PostgreSQL database named by BENCH_DATABASE_URL,
which it empties first) with N open invitations, starts gunicorn with 2 workers on 127.0.0.1, and
drives it with C concurrent clients (threads, http.client, a new connection per request as a
browser's first visit would; ``Accept-Encoding: gzip``). In the same run it measures a bare
Django "hello" view (same settings, same middleware) the same way, before and after the survey,
as the baseline, and prints the ratio against the goal:

    survey completions/s ≥ 20% of (hello requests/s ÷ 2) on SQLite (15% on PostgreSQL),
    and on SQLite a p95 of a whole completion (GET + POST + thank-you) ≤ 50 ms.

Loopback only; every phase is bounded in count and in time, and the server is stopped at the end.
Run with `make bench` or `python scripts/load_survey.py --help`.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
HOST = "127.0.0.1"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SCALE_FIELD = re.compile(r'name="(q_[a-z_]+)" value="(\d+)"')
TEXT_FIELD = re.compile(r'<textarea id="(q_[a-z_]+)"')


def build(database_url: str, invitations: int, *, postgres: bool) -> list[str]:
    """The data: one customer per 40 invitations (cultures attributed, confidential, anonymous,
    attributed in turn; one stakeholder in ten French-speaking), one open email review per
    project, one link per invitation. Returns the tokens."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "rapport.settings"
    os.environ["RAPPORT_LOG_LEVEL"] = "WARNING"
    import datetime as dt

    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from rapport.customers.models import Customer, Stakeholder
    from rapport.feedback.models import Invitation, InvitationLink, ReviewCycle
    from rapport.feedback.services import default_question_set, hash_token
    from rapport.portfolio.models import Project, ProjectStakeholder

    call_command("migrate", verbosity=0)
    if postgres:
        call_command("flush", interactive=False, verbosity=0)
    per_project = 40
    projects = -(-invitations // per_project)
    cultures = ["attributed", "confidential", "anonymous", "attributed"]
    customers = Customer.objects.bulk_create(
        [
            Customer(name=f"Customer {i:04d}", feedback_culture=cultures[i % 4])
            for i in range(projects)
        ]
    )
    project_rows = Project.objects.bulk_create(
        [Project(name=f"Project {i:05d}", customer=c) for i, c in enumerate(customers)]
    )
    people = Stakeholder.objects.bulk_create(
        [
            Stakeholder(
                customer=customers[i // per_project],
                name=f"Person {i}",
                email=f"p{i}@load.test",
                language="fr" if i % 10 == 3 else "en",
            )
            for i in range(invitations)
        ],
        batch_size=2000,
    )
    ProjectStakeholder.objects.bulk_create(
        [
            ProjectStakeholder(project=project_rows[i // per_project], stakeholder=p)
            for i, p in enumerate(people)
        ],
        batch_size=2000,
    )
    qs = default_question_set()
    period = timezone.localdate().strftime("%Y-%m")
    cycles = ReviewCycle.objects.bulk_create(
        [
            ReviewCycle(
                project=p,
                period=period,
                mode="email",
                state="invited",
                confidentiality=p.customer.feedback_culture,
                question_set=qs,
                deadline=timezone.localdate() + dt.timedelta(days=14),
                opened_at=timezone.now(),
            )
            for p in project_rows
        ]
    )
    expires = timezone.now() + dt.timedelta(days=14)
    invites = Invitation.objects.bulk_create(
        [
            Invitation(
                cycle=cycles[i // per_project],
                stakeholder=p,
                email=p.email,
                language=p.language,
                expires_at=expires,
                sent_at=timezone.now(),
            )
            for i, p in enumerate(people)
        ],
        batch_size=2000,
    )
    tokens = [secrets.token_urlsafe(32) for _ in invites]
    InvitationLink.objects.bulk_create(
        [
            InvitationLink(invitation=inv, token_hash=hash_token(t))
            for inv, t in zip(invites, tokens, strict=True)
        ],
        batch_size=2000,
    )
    from django.db import connections

    connections.close_all()
    return tokens


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(database_url: str, port: int, workers: int, data_dir: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "load_survey_site",
        # The caller's PYTHONPATH first: it may point at another checkout to compare.
        "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", ""), str(SRC)]),
        "RAPPORT_DEBUG": "off",
        "RAPPORT_LOG_LEVEL": "WARNING",
        "RAPPORT_ALLOWED_HOSTS": HOST,
        "RAPPORT_TASKS": "database",
        "RAPPORT_EMAIL": "locmem",
        "RAPPORT_DATA_DIR": data_dir,
        # The public pages' rate limit counted as in production (a cache shared by the workers),
        # set high enough that the load itself is never refused.
        "RAPPORT_CACHE_URL": os.environ.get("RAPPORT_CACHE_URL", f"file://{data_dir}/cache"),
        "RAPPORT_PUBLIC_RATE_LIMIT": "1000000000",
    }
    server = subprocess.Popen(  # noqa: S603 (our own interpreter, fixed arguments)
        [
            sys.executable,
            "-m",
            "gunicorn",
            "rapport.wsgi:application",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "--graceful-timeout",
            "5",
        ],
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped at start (see its output above).")
        try:
            status, _h, _b = request(port, "GET", "/bench/hello/")
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    stop_server(server)
    raise SystemExit("gunicorn did not answer within 60 s.")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def request(port: int, method: str, path: str, *, body: str = "", headers=None):
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        hdrs = {"Accept-Encoding": "gzip", **(headers or {})}
        if body:
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body or None, headers=hdrs)
        resp = conn.getresponse()
        data = resp.read()
        if resp.getheader("Content-Encoding") == "gzip":
            data = gzip.decompress(data)
        return resp.status, resp, data
    finally:
        conn.close()


def complete_survey(port: int, token: str, n: int) -> None:
    """One respondent: the form, the answers, the thank-you page. Raises on anything unexpected."""
    path = f"/s/{token}/"
    status, resp, html = request(port, "GET", path)
    if status != 200:
        raise RuntimeError(f"GET form: {status}")
    page = html.decode()
    cookies = [c.strip().split(";", 1)[0] for c in resp.headers.get_all("Set-Cookie") or []]
    cookie = next((c for c in cookies if c.startswith("csrftoken=")), "")
    match = CSRF_FIELD.search(page)
    if not match or not cookie:
        raise RuntimeError("GET form: no CSRF token")
    fields = {"csrfmiddlewaretoken": match.group(1), "action": "submit"}
    options: dict[str, list[str]] = {}
    for name, value in SCALE_FIELD.findall(page):
        options.setdefault(name, []).append(value)
    for name, values in options.items():  # a score in the upper half of each scale
        fields[name] = values[len(values) // 2 + n % (len(values) - len(values) // 2)]
    for name in TEXT_FIELD.findall(page):
        fields[name] = "Clearer status reports, please."
    status, resp, _ = request(
        port, "POST", path, body=urllib.parse.urlencode(fields), headers={"Cookie": cookie}
    )
    if status != 302:
        raise RuntimeError(f"POST answers: {status}")
    thanks = urllib.parse.urlsplit(resp.getheader("Location")).path
    status, _resp, _ = request(port, "GET", thanks)
    if status != 200:
        raise RuntimeError(f"GET thank-you: {status}")


def hello(port: int, _token: str, _n: int) -> None:
    status, _resp, _ = request(port, "GET", "/bench/hello/")
    if status != 200:
        raise RuntimeError(f"GET hello: {status}")


def server_cpu(server: subprocess.Popen) -> float:
    """Seconds of CPU the server's processes (gunicorn's master and its workers) have used: on
    a shared machine a steadier measure of a request's cost than its wall time."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # fields[1] is the parent, fields[11:13] user and system time (stat(5), from field 3)
        if int(entry) == server.pid or int(fields[1]) == server.pid:
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def drive(port: int, work, items: list[str], clients: int, seconds: float, server=None) -> dict:
    """Run ``work`` over ``items`` with ``clients`` threads until done or ``seconds`` pass."""
    lock = threading.Lock()
    position = iter(range(len(items)))
    times: list[float] = []
    errors: list[str] = []
    stop_at = time.monotonic() + seconds

    def client() -> None:
        while time.monotonic() < stop_at:
            with lock:
                n = next(position, None)
            if n is None:
                return
            start = time.perf_counter()
            try:
                work(port, items[n], n)
            except Exception as exc:  # counted and reported, never hidden
                with lock:
                    errors.append(str(exc))
                continue
            with lock:
                times.append((time.perf_counter() - start) * 1000)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    cpu = server_cpu(server) if server is not None else 0.0
    own = time.process_time()
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    cpu = server_cpu(server) - cpu if server is not None else 0.0
    own = time.process_time() - own
    return {"times": times, "errors": errors, "elapsed": elapsed, "cpu": cpu, "own": own}


def summary(runs: list[dict]) -> dict:
    """Phases of the same path taken together: completions per second, p50, p95."""
    times = sorted(t for r in runs for t in r["times"])
    errors = [e for r in runs for e in r["errors"]]
    elapsed = sum(r["elapsed"] for r in runs)
    cpu = sum(r.get("cpu", 0.0) for r in runs)
    own = sum(r.get("own", 0.0) for r in runs)
    return {
        "cpu_ms": 1000 * cpu / len(times) if times else float("nan"),
        "own_ms": 1000 * own / len(times) if times else float("nan"),
        "done": len(times),
        "errors": len(errors),
        "first_error": errors[0] if errors else "",
        "per_second": len(times) / elapsed if elapsed else 0.0,
        "p50": statistics.median(times) if times else float("nan"),
        "p95": times[int(0.95 * (len(times) - 1))] if times else float("nan"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--invitations", type=int, default=2000, help="survey completions at most")
    parser.add_argument("--hello", type=int, default=3000, help="hello requests per phase at most")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="hello and survey phases, in turn")
    parser.add_argument("--seconds", type=float, default=4.0, help="time limit per phase")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="rapport-load-")
    bench_url = os.environ.get("BENCH_DATABASE_URL", "")
    postgres = bench_url.startswith("postgres")
    database_url = bench_url or f"sqlite:///{tmp}/load.sqlite3"
    goal = 0.15 if postgres else 0.20
    server = None
    hellos: list[dict] = []
    surveys: list[dict] = []
    try:
        t0 = time.perf_counter()
        tokens = build(database_url, args.invitations, postgres=postgres)
        print(
            f"Built {len(tokens)} open invitations in {time.perf_counter() - t0:.1f} s "
            f"({'PostgreSQL' if postgres else 'SQLite'})."
        )
        port = free_port()
        os.makedirs(f"{tmp}/static", exist_ok=True)
        server = start_server(database_url, port, args.workers, tmp)
        warm = [tokens.pop() for _ in range(min(20, len(tokens) // 10))]
        drive(port, complete_survey, warm, 2, 5.0)  # warm both workers' caches and connections
        drive(port, hello, ["-"] * 200, 2, 5.0)
        # Interleaved, so both paths see the same (shared, noisy) machine.
        share = len(tokens) // args.rounds
        for n in range(args.rounds):
            hellos.append(
                drive(port, hello, ["-"] * args.hello, args.clients, args.seconds, server)
            )
            batch = tokens[n * share : (n + 1) * share]
            surveys.append(drive(port, complete_survey, batch, args.clients, args.seconds, server))
        hellos.append(drive(port, hello, ["-"] * args.hello, args.clients, args.seconds, server))
    finally:
        if server is not None:
            stop_server(server)
        # The database file on SQLite; on PostgreSQL, the server's cache and static files.
        shutil.rmtree(tmp, ignore_errors=True)

    print(
        f"gunicorn {args.workers} workers, {args.clients} concurrent clients, loopback, "
        f"{args.rounds} rounds"
    )
    print(
        f"{'path':<20}{'done':>7}{'errors':>8}{'per s':>9}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'server CPU ms':>15}{'client CPU ms':>15}"
    )
    bare, survey = summary(hellos), summary(surveys)
    for label, r in (("hello (baseline)", bare), ("survey completion", survey)):
        print(
            f"{label:<20}{r['done']:>7}{r['errors']:>8}{r['per_second']:>9.1f}"
            f"{r['p50']:>9.1f}{r['p95']:>9.1f}{r['cpu_ms']:>15.2f}{r['own_ms']:>15.2f}"
        )
        if r["errors"]:
            print(f"    first error: {r['first_error']}")
    # Each survey phase against the hello phases either side of it.
    ratios = []
    for n, run in enumerate(surveys):
        around = summary([hellos[n], hellos[n + 1]])["per_second"]
        ratios.append(summary([run])["per_second"] / (around / 2) if around else 0.0)
    ratio = statistics.median(ratios)
    # The p95 goal is the SQLite set-up's (one machine, the default); on PostgreSQL the goal is
    # the throughput ratio alone.
    fast = postgres or survey["p95"] <= 50
    met = ratio >= goal and fast and survey["errors"] == 0
    print(f"per round: {', '.join(f'{r:.1%}' for r in ratios)}")
    print(
        f"survey ÷ (hello ÷ 2) = {ratio:.1%} median of rounds (goal ≥ {goal:.0%}); "
        f"p95 {survey['p95']:.1f} ms ({'no goal on PostgreSQL' if postgres else 'goal ≤ 50 ms'}): "
        f"{'met' if met else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
