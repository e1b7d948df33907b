"""JSON logs on request, and error reports to a Sentry server only when its DSN is set, without
personal data."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from rapport.ops.observability import init_error_reporting, sentry_options


def _python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("RAPPORT_")}
    environ.update(env, DJANGO_SETTINGS_MODULE="rapport.settings")
    return subprocess.run(
        [sys.executable, "-c", code], env=environ, capture_output=True, text=True, timeout=120
    )


LOG = (
    "import django, logging; django.setup()\n"
    "log = logging.getLogger('rapport.check')\n"
    "log.warning('hello %s', 'world')\n"
    "try:\n    1 / 0\nexcept ZeroDivisionError:\n    log.exception('it broke')\n"
)


def test_json_logs_are_one_object_per_line():
    done = _python(LOG, RAPPORT_LOG_FORMAT="json")
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    hello, broke = lines[-2:]
    assert hello["message"] == "hello world"
    assert (hello["level"], hello["logger"]) == ("WARNING", "rapport.check")
    assert "time" in hello and "process" in hello
    assert broke["message"] == "it broke" and "ZeroDivisionError" in broke["exc_info"]


def test_plain_logs_by_default_and_a_bad_format_is_refused():
    done = _python(LOG)
    assert "WARNING rapport.check: hello world" in done.stderr
    bad = _python(LOG, RAPPORT_LOG_FORMAT="xml")
    assert bad.returncode != 0
    assert "RAPPORT_LOG_FORMAT must be one of plain, json" in bad.stderr


def test_error_reporting_is_off_without_a_dsn_and_sends_no_personal_data():
    assert init_error_reporting(None, environment="development", release="0") is False
    options = sentry_options("http://k@127.0.0.1:1/1", environment="production", release="1")
    assert options["send_default_pii"] is False
    assert options["include_local_variables"] is False
    assert options["max_request_body_size"] == "never"


class _Collector(BaseHTTPRequestHandler):
    bodies: list[bytes] = []

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            raw = gzip.decompress(raw)
        elif encoding == "br":
            import brotli

            raw = brotli.decompress(raw)
        self.bodies.append(raw)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return


REPORT = (
    "import django; django.setup()\n"
    "import sentry_sdk\n"
    "from django.conf import settings\n"
    "assert settings.RAPPORT_SENTRY\n"
    "def answer():\n"
    "    comment = 'told in confidence: the sponsor is leaving'\n"
    "    raise RuntimeError('the survey failed')\n"
    "try:\n    answer()\nexcept RuntimeError as exc:\n    sentry_sdk.capture_exception(exc)\n"
    "sentry_sdk.flush(timeout=10)\n"
)


def test_an_error_reaches_the_sentry_server_without_local_values():
    server = HTTPServer(("127.0.0.1", 0), _Collector)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        dsn = f"http://publickey@127.0.0.1:{server.server_port}/1"
        done = _python(REPORT, RAPPORT_SENTRY_DSN=dsn)
    finally:
        server.shutdown()
    assert done.returncode == 0, done.stderr
    sent = b"".join(_Collector.bodies).decode(errors="replace")
    assert "the survey failed" in sent and "RuntimeError" in sent
    assert "told in confidence" not in sent
