"""Fairness rules in code: nothing sorts, groups or filters scores by project manager.

DESIGN.md, "Privacy and fairness": no page, export, API or report orders, compares or aggregates
scores by project manager (except a manager's own view). These tests walk every URL pattern and
API route, and every analytics function and data class, looking for a way in.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import io
import json
import pkgutil
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import rapport.insights.analytics as analytics_pkg
from rapport.insights import charts
from rapport.urls_api import api

MANAGER_NAME = re.compile(r"(^|[_\W])(pm|pms|manager|managers|project_?manager\w*)([_\W]|$)", re.I)
SORT_OR_GROUP = re.compile(r"^(sort|sort_by|order|order_by|ordering|group|group_by|by)$", re.I)
PM_QUERY = {
    "project_manager": "1",
    "project_manager_id": "1",
    "pm": "1",
    "manager": "1",
    "sort": "project_manager",
    "order_by": "project_manager",
    "group_by": "manager",
}
# Routes that may take a manager parameter because they are not about scores (none so far).
# Adding one here needs a reason in the comment and a review of DESIGN.md's fairness rules.
ALLOWED_API_ROUTES: set[str] = set()


def _patterns(patterns=None, prefix=""):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            yield from _patterns(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def test_no_url_pattern_takes_a_manager_argument():
    routes = [route for route, _ in _patterns()]
    assert len(routes) > 10  # the walk found the project's URLs
    offenders = [r for r in routes if MANAGER_NAME.search(r.replace("admin/", ""))]
    assert offenders == []


def test_no_api_route_accepts_a_manager_parameter_or_sort_key():
    schema = api.get_openapi_schema()
    checked = 0
    offenders = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if not isinstance(operation, dict):
                continue
            checked += 1
            for param in operation.get("parameters", []):
                name = param.get("name", "")
                values = " ".join(str(v) for v in param.get("schema", {}).get("enum", []))
                if path in ALLOWED_API_ROUTES:
                    continue
                if MANAGER_NAME.search(name) or MANAGER_NAME.search(path):
                    offenders.append(f"{method.upper()} {path} ?{name}")
                if SORT_OR_GROUP.match(name) and MANAGER_NAME.search(values):
                    offenders.append(f"{method.upper()} {path} ?{name}={values}")
    assert checked > 0
    assert offenders == []


def _without_tokens(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
    # A filter form offers "Clear" whenever the query string is not empty: not a filter.
    return re.sub(r'<a href="[^"]*">Clear</a>', "", html)


def _get_urls(project, customer):
    """Every console page reachable by GET, with the objects it needs."""
    urls = []
    for route, pattern in _patterns():
        if route.startswith(("admin/", "api/")) or not pattern.name:
            continue
        names = set(pattern.pattern.converters) if hasattr(pattern.pattern, "converters") else set()
        kwargs = {name: project.pk for name in names}
        try:
            urls.append(reverse(f"{_namespace(route)}:{pattern.name}", kwargs=kwargs or None))
        except Exception:  # noqa: S112 — a name outside these namespaces is a framework page
            continue
    return urls


_NAMESPACES = {
    "customers/": "customers",
    "projects/": "portfolio",
    "audit/": "audit",
    "insights/": "insights",
    "accounts/": "accounts",
}


def _namespace(route: str) -> str:
    for prefix, ns in _NAMESPACES.items():
        if route.startswith(prefix):
            return ns
    return "console"


@pytest.mark.django_db
def test_console_pages_ignore_manager_parameters(client, alice, project, other_project):
    client.force_login(alice)
    urls = _get_urls(project, project.customer)
    assert "/insights/alerts/" in urls and "/projects/" in urls
    assert "/insights/" in urls and f"/insights/project/{project.pk}/" in urls
    for url in urls:
        plain = client.get(url)
        with_pm = client.get(url, PM_QUERY)
        assert with_pm.status_code == plain.status_code, url
        if plain.status_code == 200 and "html" in plain.get("Content-Type", ""):
            body = _without_tokens(with_pm.content.decode())
            for key, value in PM_QUERY.items():  # a page may echo its own query string
                body = body.replace(f"{key}={value}", "")
            assert body == _without_tokens(plain.content.decode()), url


def _public_callables():
    modules = [charts]
    for info in pkgutil.iter_modules(analytics_pkg.__path__):
        modules.append(importlib.import_module(f"{analytics_pkg.__name__}.{info.name}"))
    for module in modules:
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            if inspect.isfunction(obj) or inspect.isclass(obj):
                yield f"{module.__name__}.{name}", obj


def test_analytics_take_no_manager_field_at_all():
    seen = 0
    offenders = []
    for qualname, obj in _public_callables():
        seen += 1
        if dataclasses.is_dataclass(obj):
            names = [f.name for f in dataclasses.fields(obj)]
        elif inspect.isfunction(obj):
            names = list(inspect.signature(obj).parameters)
        else:
            continue
        offenders += [f"{qualname}({n})" for n in names if MANAGER_NAME.search(n)]
    assert seen > 20
    assert offenders == []
    assert "project_manager" not in {f.name for f in dataclasses.fields(analytics_pkg.Observation)}


# --- Phase 2: read-outs (commands, API) carry no manager column, sort or filter -------------------


@pytest.mark.django_db
@pytest.mark.parametrize("command", ["health", "alerts"])
def test_readout_commands_have_no_manager_column_or_option(command, project):
    from django.core.management import call_command, get_commands, load_command_class

    from rapport.insights.tests.snapshots import alert, snapshot_rows

    snapshot_rows([project])
    alert(project)
    parser = load_command_class(get_commands()[command], command).create_parser("rapport", command)
    options = [o for a in parser._actions for o in a.option_strings]
    assert options and not [o for o in options if MANAGER_NAME.search(o)]
    for fmt in ("csv", "json"):
        out = io.StringIO()
        call_command(command, "--format", fmt, stdout=out)
        text = out.getvalue()
        assert project.name in text
        header = text.splitlines()[0] if fmt == "csv" else " ".join(json.loads(text)[0])
        assert not MANAGER_NAME.search(header)
        assert project.project_manager.email not in text
        assert str(project.project_manager) not in text


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/insights/health", "/api/insights/alerts"])
def test_insights_api_rows_have_no_manager_field(client, alice, project, url):
    from rapport.insights.tests.snapshots import alert, snapshot_rows

    snapshot_rows([project])
    alert(project)
    client.force_login(alice)
    plain = client.get(url)
    rows = plain.json()["items"]
    assert rows and not [k for r in rows for k in r if MANAGER_NAME.search(k)]
    assert client.get(url, PM_QUERY).json() == plain.json()  # manager parameters do nothing
