"""Accessibility checks for the browser tests: axe-core, the console's CSP reports, a crawler.

axe-core is the copy shipped inside the ``axe-playwright-python`` package (never a copy in this
repository); it runs in the page under test with the WCAG 2.0, 2.1 and 2.2 A/AA rules. A page
fails on any *serious* or *critical* violation (docs/accessibility.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.urls import Resolver404, resolve

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
FAILING_IMPACTS = frozenset({"serious", "critical"})
AXE_OPTIONS: dict[str, Any] = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    "resultTypes": ["violations"],
}

# Pages a crawl never opens: signing out ends the session, the Django admin is Django's own
# pages (not the console), the API and downloads are not HTML pages.
SKIPPED_PREFIXES = ("/accounts/logout", "/admin/", "/api/", "/static/", "/healthz")


# Opens every closed disclosure, then lets the page's scripts answer the "toggle" events (a
# scrolling table takes the focus, console.js) before axe reads the page.
OPEN_DETAILS = """async () => {
  document.querySelectorAll("details:not([open])").forEach(d => { d.open = true; });
  await new Promise(r => setTimeout(r, 0));
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
}"""


def axe_violations(page: Any, *, impacts: Iterable[str] = FAILING_IMPACTS) -> list[dict]:
    """The axe-core violations of the page, at the given impacts, with every ``<details>``
    opened first: what a disclosure hides (a chart's data table) is audited too."""
    from axe_playwright_python.sync_playwright import Axe

    page.evaluate(OPEN_DETAILS)
    results = Axe().run(page, options=AXE_OPTIONS)
    wanted = set(impacts)
    return [v for v in results.response["violations"] if v.get("impact") in wanted]


def describe(violations: list[dict], where: str) -> str:
    """One readable paragraph per violation: rule, impact, help and the first few elements."""
    lines = []
    for v in violations:
        lines.append(f"{where}: {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:4]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {', '.join(map(str, node['target']))}: {summary[:300]}")
        if len(v["nodes"]) > 4:
            lines.append(f"    … and {len(v['nodes']) - 4} more")
    return "\n".join(lines)


@dataclass
class ConsoleWatch:
    """Collects CSP violations and script errors a page reports while the test drives it."""

    violations: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> ConsoleWatch:
        # The listener is installed before any page script runs, in every document.
        page.add_init_script(
            "document.addEventListener('securitypolicyviolation', e => console.error("
            "'CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')"
            " + ' at ' + e.sourceFile + ':' + e.lineNumber));"
        )
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: {exc}"))
        return self

    def _on_console(self, message: Any) -> None:
        text = message.text
        if "Content Security Policy" in text or text.startswith("CSP violation"):
            self.violations.append(f"{message.page.url if message.page else ''}: {text}")
        elif message.type == "error" and "Failed to load resource" not in text:
            self.errors.append(text)


def view_name(url: str) -> str | None:
    """The Django view a same-site URL resolves to, or None for pages a crawl never opens."""
    path = urlsplit(url).path
    if path.startswith(SKIPPED_PREFIXES):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name or match.url_name


def same_site_links(page: Any, base_url: str) -> list[str]:
    """Every link on the page that stays on this site, without its fragment."""
    hrefs: list[str] = page.eval_on_selector_all(
        "a[href]",
        "els => els.map(e => new URL(e.getAttribute('href'), location.href).href)"
        ".filter(h => h.startsWith(location.origin))",
    )
    out = []
    for href in hrefs:
        href = href.split("#", 1)[0]
        if href.startswith(base_url) and href not in out:
            out.append(href)
    return out


def crawl_pages(
    client: Any, hrefs: Callable[[str], Iterable[str]], *, limit: int = 80
) -> Iterator[tuple[str, Any]]:
    """The console pages a signed-in test client reaches from "/" by links, one URL per view,
    breadth first: yields each path and its response (of any status). ``hrefs(html)`` gives a
    page's links, as the caller reads them while checking the page."""
    queue, seen = ["/"], set()
    while queue and len(seen) < limit:
        path = queue.pop(0)
        name = view_name("http://testserver" + path)
        if name is None or name in seen:
            continue
        seen.add(name)
        response = client.get(path)
        yield path, response
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for href in hrefs(response.content.decode()):
            link = urlsplit(urljoin("http://testserver" + path, href))
            if link.netloc == "testserver" and not link.path.startswith(SKIPPED_PREFIXES):
                target = link.path + (f"?{link.query}" if link.query else "")
                if target not in queue:
                    queue.append(target)


@dataclass
class CrawlReport:
    pages: dict[str, str] = field(default_factory=dict)  # view name -> URL audited
    failures: list[str] = field(default_factory=list)


def crawl_and_audit(
    page: Any,
    base_url: str,
    start: Iterable[str],
    *,
    limit: int = 80,
    report: CrawlReport | None = None,
) -> CrawlReport:
    """Visit every page reachable by links from ``start``, one URL per view, axe on each.

    A view is audited once (its first URL found, breadth first): the pages share templates,
    so a second customer's page adds time, not coverage. Non-HTML answers (downloads, JSON)
    are skipped.
    """
    report = report or CrawlReport()
    queue = [base_url + s if s.startswith("/") else s for s in start]
    seen_views = set(report.pages)
    while queue and len(report.pages) < limit:
        url = queue.pop(0)
        name = view_name(url)
        if name is None or name in seen_views:
            continue
        seen_views.add(name)
        try:
            response = page.goto(url)
        except Exception as exc:  # a download aborts the navigation: not a page to audit
            if "ERR_ABORTED" in str(exc) or "Download is starting" in str(exc):
                continue
            raise
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        if response.status >= 400:
            report.failures.append(f"{url}: HTTP {response.status}")
            continue
        report.pages[name] = url
        found = axe_violations(page)
        if found:
            report.failures.append(describe(found, f"{name} ({url})"))
        queue.extend(link for link in same_site_links(page, base_url) if link not in queue)
    return report
