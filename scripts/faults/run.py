"""Rapport's fault-injection suite: run on demand, loopback only, bounded in time and count.

    .venv/bin/python scripts/faults/run.py                  # every fault
    .venv/bin/python scripts/faults/run.py kill-web smtp    # some of them
    .venv/bin/python scripts/faults/run.py --respondents 30 --smtp-down 60

Each scenario makes a fresh database (SQLite, or a throwaway PostgreSQL cluster), opens an email
review for N stakeholders through Rapport's services, starts gunicorn (2 workers), `rapport
worker` and a local SMTP sink, lets simulated respondents answer the links as the emails arrive,
injects one fault mid-load, and then prints what respondents were told (believed saved) against
what the database holds (stored), and the emails expected against those received. Nothing but
`rapport worker`'s supervisor restarts anything (in kill-worker the script plays that part, as
systemd's Restart=always would); no hand restart. Exit status 1 if an answer or an email was
lost, an answer was stored twice, a page was a bare 500, or the worker was not alive after the
fault.
"""

from __future__ import annotations

# This script starts local processes (gunicorn, rapport, postgres, mount) on purpose.
# ruff: noqa: S603, S607, S103
import argparse
import contextlib
import errno
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from harness import Cluster, Rapport, Respondents, Sink, free_port, postgres_bin, wait_until

SCENARIOS: dict[str, tuple[str, Callable]] = {}


def scenario(name: str, title: str):
    def register(func):
        SCENARIOS[name] = (title, func)
        return func

    return register


class Run:
    """One scenario's processes and its report."""

    def __init__(
        self, root: Path, database_url: str, args: argparse.Namespace, data: Path | None = None
    ) -> None:
        self.args = args
        self.n = args.respondents
        self.smtp_port = free_port()
        self.data = data or root
        self.rapport = Rapport(root, database_url, self.smtp_port, data)
        self.respondents = Respondents(self.rapport.web_port)
        self.sink = Sink(self.smtp_port, self.respondents.on_message)
        self.notes: list[str] = []
        self.hand_restarts = 0

    def prepare(self, template: Path | None = None) -> None:
        if template is None:
            self.rapport.run(str(Path(sys.executable).parent / "rapport"), "migrate", "-v", "0")
        self.rapport.side("seed", str(self.n))

    def start(self, budget: float) -> None:
        self.sink.start()
        self.rapport.start_web()
        self.rapport.start_worker()
        self.respondents.start(budget)

    def received(self) -> int:
        return len(self.sink.summary()["recipients"])

    def settle(self, timeout: float) -> None:
        """Wait until everyone who got an email answered and the outbox is quiet (nothing
        queued or sending, no task record running)."""

        def answered() -> bool:
            return self.respondents.done() >= max(self.received(), 1)

        def quiet() -> bool:
            if not answered():
                return False
            counts = self.rapport.side("count")
            busy = counts["outbox"].get("queued", 0) + counts["outbox"].get("sending", 0)
            return busy == 0 and counts["tasks"].get("RUNNING", 0) == 0 and answered()

        wait_until(lambda: self.respondents.done() >= self.n, timeout / 2)
        wait_until(quiet, timeout, every=5)

    def report(self, name: str, title: str) -> bool:
        alive = self.rapport.worker_alive()
        health, _ = self.rapport.get("/healthz")
        self.respondents.stop()
        counts = self.rapport.side("count")
        self.rapport.stop()
        self.sink.stop()
        tally = self.respondents.tally
        believed = tally.believed
        stored = set(counts["stored"])
        lost = believed - stored
        mail = self.sink.summary()
        outbox = counts["outbox"]
        expected = counts["invitations"]
        visible = outbox.get("needs_check", 0) + outbox.get("failed", 0)
        unaccounted = expected - len(mail["recipients"]) - visible
        statuses = dict(sorted(tally.statuses.items()))
        print(f"== {name}: {title} ==")
        print(
            f"  answers:   believed saved {len(believed)}/{len(mail['recipients'])} invited · "
            f"stored {len(stored)} · "
            f"lost {len(lost)} · duplicated {counts['duplicated']} · "
            f"saved but not told {len(stored - believed)}"
        )
        print(
            f"  survey:    HTTP statuses {statuses} · connections cut {tally.dropped} · "
            f"bare 500s {tally.statuses.get(500, 0)}"
        )
        print(
            f"  emails:    invitations expected {expected} · received {len(mail['recipients'])} "
            f"({mail['received']} messages, {mail['duplicates']} duplicate; {mail['other']} "
            f"other emails) · outbox {dict(sorted(outbox.items()))} · lost {max(unaccounted, 0)}"
        )
        print(
            f"  worker:    {'alive' if alive else 'DEAD'} · started {self.rapport.worker_starts}x"
            f" · hand restarts {self.hand_restarts} · task records "
            f"{dict(sorted(counts['tasks'].items()))} · /healthz {health}"
        )
        flagged = counts.get("needs_check_to", [])
        if flagged:
            arrived = sum(1 for to in flagged if to in self.sink.all_recipients())
            print(
                f"  checks:    {len(flagged)} email(s) flagged 'Needs check' in the mail log: "
                f"{arrived} did reach the SMTP sink (sent, not confirmed), "
                f"{len(flagged) - arrived} did not (a PMO user sends it again)"
            )
        for note in self.notes:
            print(f"  note:      {note}")
        ok = (
            not lost
            and counts["duplicated"] == 0
            and tally.statuses.get(500, 0) == 0
            and unaccounted <= 0
            and alive
            and believed >= mail["recipients"]  # everyone who got the email could answer
        )
        print(f"  result:    {'PASS' if ok else 'FAIL'}\n", flush=True)
        return ok


def when(predicate: Callable[[], bool], timeout: float) -> None:
    wait_until(predicate, timeout, every=0.2)


@scenario("kill-web", "kill -9 of a gunicorn worker, twice, mid-load")
def kill_web(run: Run) -> None:
    for share in (3, 2):
        when(lambda s=share: run.respondents.done() >= run.n // s, 60)
        victim = run.rapport.web_workers()[0]
        os.kill(victim, signal.SIGKILL)
        run.notes.append(f"killed web worker pid {victim} at {run.respondents.done()} answers")


@scenario("kill-worker", "kill -9 of `rapport worker` mid-sending; its supervisor restarts it")
def kill_worker(run: Run) -> None:
    when(lambda: run.received() >= run.n // 3, 60)
    pid = run.rapport.worker.pid
    os.kill(pid, signal.SIGKILL)
    run.rapport.worker.wait()
    run.notes.append(f"killed rapport worker pid {pid} after {run.received()} emails")
    time.sleep(1)  # systemd's RestartSec=1
    run.rapport.start_worker()


@scenario("smtp", "the SMTP server down for a while, mid-sending")
def smtp_down(run: Run) -> None:
    when(lambda: run.received() >= 5, 60)
    run.sink.stop()
    down = run.args.smtp_down
    run.notes.append(f"SMTP down for {down:g} s after {run.received()} emails")
    time.sleep(down)
    run.sink.start()


@scenario("postgres", "PostgreSQL restarted mid-load (a throwaway cluster)")
def postgres_restart(run: Run) -> None:
    when(lambda: run.received() >= run.n // 3, 90)
    started = time.monotonic()
    run.cluster.pg_ctl("restart", "-m", "fast")
    run.notes.append(
        f"PostgreSQL restarted in {time.monotonic() - started:.1f} s at "
        f"{run.respondents.done()} answers, {run.received()} emails"
    )


@scenario("disk", "the disk full (a small tmpfs) for 20 s mid-load")
def disk_full(run: Run) -> None:
    when(lambda: run.received() >= run.n // 4, 60)
    filler = run.data / "filler"
    written = 0
    with open(filler, "wb") as f:
        try:
            while True:
                f.write(b"\0" * (1 << 20))
                f.flush()
                written += 1
        except OSError as exc:
            if exc.errno != errno.ENOSPC:
                raise
    before = run.respondents.tally.statuses.get(503, 0)
    run.notes.append(f"disk filled ({written} MiB) at {run.respondents.done()} answers")
    time.sleep(20)
    reads = run.rapport.get("/healthz")[0]
    with contextlib.suppress(OSError):
        filler.unlink()
    told = run.respondents.tally.statuses.get(503, 0) - before
    run.notes.append(f"while full: {told} 'not saved, try again' pages; /healthz {reads}")


def run_one(name: str, args: argparse.Namespace, base: Path, template: Path) -> bool | None:
    title, inject = SCENARIOS[name]
    root = base / name
    root.mkdir()
    cluster = None
    mounted = False
    try:
        if name == "postgres":
            if postgres_bin() is None:
                print(f"== {name}: SKIPPED: no /usr/lib/postgresql/*/bin (Debian's postgresql)\n")
                return None
            cluster = Cluster(root / "pg")
            url = cluster.start()
            run = Run(root, url, args)
            run.cluster = cluster
            run.prepare()
        else:
            data = root
            if name == "disk":
                data = root / "data"  # the tmpfs; the logs stay outside it
                data.mkdir()
                done = subprocess.run(
                    ["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(data)],
                    capture_output=True,
                    text=True,
                )
                if done.returncode:
                    print(f"== {name}: SKIPPED: cannot mount a tmpfs: {done.stderr.strip()}\n")
                    return None
                mounted = True
            shutil.copy(template, data / "rapport.sqlite3")
            run = Run(root, f"sqlite:///{data / 'rapport.sqlite3'}", args, data)
            run.prepare(template)
        run.start(args.budget)
        inject(run)
        run.settle(args.budget)
        return run.report(name, title)
    except Exception:
        for log in ("worker.log", "web.log"):
            path = root / log
            if path.exists():
                print(f"--- {log} (tail) ---\n" + "\n".join(path.read_text().splitlines()[-30:]))
        raise
    finally:
        with contextlib.suppress(Exception):
            run.rapport.stop()
            run.sink.stop()
        if cluster is not None:
            cluster.stop()
        if mounted:
            subprocess.run(["umount", "-l", str(root / "data")], check=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("faults", nargs="*", help=f"some of {', '.join(SCENARIOS)} (default: all)")
    parser.add_argument("--respondents", type=int, default=60, help="per fault (default 60)")
    parser.add_argument("--smtp-down", type=float, default=60.0, help="seconds (default 60)")
    parser.add_argument("--budget", type=float, default=240.0, help="seconds per fault at most")
    parser.add_argument("--keep", action="store_true", help="keep the scenario folders and logs")
    args = parser.parse_args()
    if not 1 <= args.respondents <= 500:
        parser.error("--respondents must be between 1 and 500")
    names = args.faults or list(SCENARIOS)
    unknown = set(names) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown fault(s): {', '.join(sorted(unknown))}")
    base = Path(tempfile.mkdtemp(prefix="rapport-faults-"))
    os.chmod(base, 0o755)  # the postgres user reaches its cluster below it
    results: dict[str, bool | None] = {}
    try:
        template = base / "template.sqlite3"
        Rapport(base, f"sqlite:///{template}", 25).run(
            str(Path(sys.executable).parent / "rapport"), "migrate", "-v", "0"
        )
        for name in names:
            results[name] = run_one(name, args, base, template)
    finally:
        if args.keep:
            print(f"Scenario folders and logs kept in {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)
    print(
        "Summary: "
        + ", ".join(
            f"{k} {({True: 'PASS', False: 'FAIL'}).get(v, 'SKIPPED')}" for k, v in results.items()
        )
    )
    return 0 if all(v is not False for v in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
