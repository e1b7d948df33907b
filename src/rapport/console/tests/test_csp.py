"""The Content-Security-Policy: on every page, strict enough that no inline script runs, and
templates that need nothing inline (docs/deploy.md, "Content-Security-Policy")."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]  # src/rapport
INLINE = re.compile(r"<script(?![^>]*\bsrc=)|<style\b|\sstyle=\"|\son[a-z]+=\"|hx-on", re.I)


def _policy(response: Any) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part
    }


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/login/", "/s/not-a-token/", "/shared/roadmap/nope/"])
def test_every_page_carries_a_policy_without_inline_script(client, path):
    policy = _policy(client.get(path))
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert not any("unsafe" in v for values in policy.values() for v in values)


@pytest.mark.django_db
def test_console_pages_carry_it_too(client, alice):
    client.force_login(alice)
    policy = _policy(client.get("/"))
    assert policy["script-src"] == ["'self'"] and policy["default-src"] == ["'self'"]


def test_no_template_served_to_a_browser_has_inline_script_or_style():
    # Email bodies and PDF layouts are not pages a browser runs under the policy.
    offenders = []
    for path in sorted(ROOT.rglob("templates/**/*.html")):
        if "/email/" in str(path) or "/pdf/" in str(path):
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if INLINE.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}")
    assert not offenders, "\n".join(offenders)


def test_the_pattern_finds_what_it_looks_for():
    for markup in ["<script>x()</script>", '<p style="color:red">', '<a onclick="x()">', "<style>"]:
        assert INLINE.search(markup), markup
    assert not INLINE.search('<script src="/static/rapport/console.js" defer></script>')
