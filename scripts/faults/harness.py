"""Pieces of the fault suite: Rapport's processes, an SMTP sink, a throwaway PostgreSQL cluster
and the respondents. Everything listens on 127.0.0.1 only; every loop is bounded in time."""

# This script starts local processes (gunicorn, rapport, postgres, mount) on purpose.
# ruff: noqa: S603, S607

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from email import message_from_bytes
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SIDE = Path(__file__).with_name("rapport_side.py")
LINK = re.compile(r"http://127\.0\.0\.1:\d+(/s/[A-Za-z0-9_\-]+/)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout: float, every: float = 0.5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return predicate()


# --- the SMTP sink ------------------------------------------------------------------------------


class Sink:
    """A local SMTP server (aiosmtpd) that keeps what it receives; it can go down and come back."""

    def __init__(self, port: int, on_message, delay: float = 0.05) -> None:
        self.port = port
        self.delay = delay  # seconds per message, as a real server takes: sending spreads out
        self.on_message = on_message
        self.messages: list[dict] = []
        self.lock = threading.Lock()
        self.controller = None

    def start(self) -> None:
        import asyncio

        from aiosmtpd.controller import Controller

        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                await asyncio.sleep(sink.delay)
                msg = message_from_bytes(envelope.content)
                body = ""
                for part in msg.walk():
                    if part.get_content_type() == "text/plain":
                        body = part.get_payload(decode=True).decode("utf-8", "replace")
                        break
                row = {"to": envelope.rcpt_tos[0], "id": msg["Message-ID"], "body": body}
                with sink.lock:
                    sink.messages.append(row)
                sink.on_message(row)
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def all_recipients(self) -> set[str]:
        with self.lock:
            return {m["to"] for m in self.messages}

    def summary(self) -> dict:
        with self.lock:
            # The invitations to respondents; the PMO's own emails (alerts …) are counted apart.
            invites = [m for m in self.messages if m["to"].endswith("@customer.test")]
            ids = Counter(m["id"] for m in invites)
            return {
                "received": len(invites),
                "unique": len(ids),
                "duplicates": sum(n - 1 for n in ids.values()),
                "recipients": {m["to"] for m in invites},
                "other": len(self.messages) - len(invites),
            }


# --- PostgreSQL ---------------------------------------------------------------------------------


def postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return found[-1].parent if found else None


class Cluster:
    """A throwaway PostgreSQL cluster in ``root``, on a free loopback port (run as postgres)."""

    def __init__(self, root: Path) -> None:
        self.bin = postgres_bin()
        self.root = root
        self.port = free_port()
        self.data = root / "pgdata"

    def _as_postgres(self, *args: str, **kwargs) -> subprocess.CompletedProcess:
        cmd = list(args)
        if os.geteuid() == 0:  # initdb refuses to run as root
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, check=True, capture_output=True, text=True, **kwargs)

    def start(self) -> str:
        self.root.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self._as_postgres(
            str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
            "--no-sync",
        )  # fmt: skip
        self.pg_ctl("start")
        self._as_postgres(
            str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U",
            "postgres", "rapport",
        )  # fmt: skip
        return f"postgres://postgres@127.0.0.1:{self.port}/rapport"

    def pg_ctl(self, action: str, *extra: str) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._as_postgres(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l",
            str(self.root / "postgres.log"), "-w", action, *extra,
        )  # fmt: skip

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError, FileNotFoundError):
            self.pg_ctl("stop", "-m", "immediate")


# --- Rapport's processes ------------------------------------------------------------------------


class Rapport:
    """gunicorn and ``rapport worker`` for one scenario, with its own data and settings."""

    def __init__(
        self, root: Path, database_url: str, smtp_port: int, data_dir: Path | None = None
    ) -> None:
        self.root = root  # logs
        data_dir = data_dir or root
        self.web_port = free_port()
        self.env = {
            **os.environ,
            "PYTHONPATH": str(REPO / "src"),
            "DJANGO_SETTINGS_MODULE": "rapport.settings",
            "RAPPORT_ENV": "development",
            "RAPPORT_DEBUG": "0",
            "RAPPORT_DATA_DIR": str(data_dir),
            "DATABASE_URL": database_url,
            "RAPPORT_EMAIL": "smtp",
            "RAPPORT_EMAIL_HOST": "127.0.0.1",
            "RAPPORT_EMAIL_PORT": str(smtp_port),
            "RAPPORT_SITE_URL": f"http://127.0.0.1:{self.web_port}",
            "RAPPORT_TASKS": "database",
            "RAPPORT_SCHEDULE_EVERY": "3600",
            "RAPPORT_OUTBOX_LEASE_MINUTES": "1",
            "RAPPORT_WORKER_STALE_SECONDS": "30",
            "RAPPORT_LOG_LEVEL": "WARNING",
        }
        self.web: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None
        self.worker_starts = 0

    def run(self, *args: str, timeout: float = 300) -> str:
        done = subprocess.run(
            args, env=self.env, cwd=self.root, capture_output=True, text=True, timeout=timeout
        )
        if done.returncode:
            raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def side(self, *args: str) -> dict:
        return json.loads(self.run(str(BIN / "python"), str(SIDE), *args).strip().splitlines()[-1])

    def _spawn(self, name: str, args: list[str]) -> subprocess.Popen:
        log = open(self.root / f"{name}.log", "ab")  # noqa: SIM115 (closed with the process)
        return subprocess.Popen(args, env=self.env, cwd=self.root, stdout=log, stderr=log)

    def start_web(self, workers: int = 2) -> None:
        self.web = self._spawn(
            "web",
            [
                str(BIN / "gunicorn"), "rapport.wsgi", "-w", str(workers),
                "-b", f"127.0.0.1:{self.web_port}", "--timeout", "30", "--graceful-timeout", "5",
            ],
        )  # fmt: skip
        if not wait_until(lambda: self.get("/healthz")[0] in (200, 503), 30):
            raise RuntimeError("gunicorn did not start; see web.log")

    def start_worker(self) -> None:
        self.worker = self._spawn(
            "worker", [str(BIN / "rapport"), "worker", "--interval", "0.2", "--every", "3600"]
        )
        self.worker_starts += 1

    def web_workers(self) -> list[int]:
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.web.pid)], capture_output=True, text=True
        ).stdout
        return [int(p) for p in out.split()]

    def worker_alive(self) -> bool:
        return self.worker is not None and self.worker.poll() is None

    def get(self, path: str) -> tuple[int, str]:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.web_port, timeout=10)
            conn.request("GET", path)
            response = conn.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        except OSError:
            return 0, ""

    def stop(self) -> None:
        for proc in (self.worker, self.web):
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in (self.worker, self.web):
            if proc is not None:
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


# --- respondents --------------------------------------------------------------------------------


@dataclass
class Tally:
    believed: set[str] = field(default_factory=set)  # told "thank you": they believe it is saved
    statuses: Counter = field(default_factory=Counter)  # every HTTP status seen on the survey
    dropped: int = 0  # connections cut (a web worker killed, the server restarting)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def saw(self, status: int) -> None:
        with self.lock:
            if status:
                self.statuses[status] += 1
            else:
                self.dropped += 1


def answer_once(port: int, path: str, score: int) -> int:
    """A person opens the link and sends the form; returns the POST's HTTP status (0: cut)."""
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", path)
        page = conn.getresponse()
        page.read()
        if page.status != 200:
            return page.status
        cookie = page.getheader("Set-Cookie", "")
        token = re.search(r"csrftoken=([^;]+)", cookie)
        if not token:
            return -1
        body = urllib.parse.urlencode(
            {"q_overall": str(score), "csrfmiddlewaretoken": token.group(1)}
        )
        conn.request(
            "POST",
            path,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={token.group(1)}",
            },
        )
        done = conn.getresponse()
        done.read()
        return done.status
    except (OSError, http.client.HTTPException):
        return 0


class Respondents:
    """Threads that answer each link as its email arrives, as people would: "thank you" (302)
    ends it; "not saved, try again shortly" (503), an error or a cut connection makes them try
    again a few seconds later, until the deadline."""

    def __init__(self, port: int, threads: int = 6, retry_after: float = 2.0) -> None:
        self.port = port
        self.tally = Tally()
        self.todo: list[tuple[str, str]] = []
        self.cv = threading.Condition()
        self.deadline = time.monotonic() + 3600
        self.retry_after = retry_after
        self.threads = [threading.Thread(target=self._work, daemon=True) for _ in range(threads)]
        self.closed = False

    def start(self, deadline_seconds: float) -> None:
        self.deadline = time.monotonic() + deadline_seconds
        for t in self.threads:
            t.start()

    def on_message(self, row: dict) -> None:
        match = LINK.search(row["body"])
        if match:
            with self.cv:
                self.todo.append((row["to"], match.group(1)))
                self.cv.notify()

    def _work(self) -> None:
        while time.monotonic() < self.deadline:
            with self.cv:
                if not self.todo:
                    if self.closed:
                        return
                    self.cv.wait(timeout=0.5)
                    continue
                who, path = self.todo.pop(0)
            if who in self.tally.believed:
                continue  # a duplicate email: they answered already
            score = 1 + sum(map(ord, who)) % 10
            while time.monotonic() < self.deadline:
                status = answer_once(self.port, path, score)
                self.tally.saw(status)
                if status == 302:
                    with self.tally.lock:
                        self.tally.believed.add(who)
                    break
                time.sleep(self.retry_after)

    def done(self) -> int:
        return len(self.tally.believed)

    def stop(self) -> None:
        with self.cv:
            self.closed = True
            self.cv.notify_all()
        for t in self.threads:
            t.join(timeout=max(self.deadline - time.monotonic(), 0) + 35)
