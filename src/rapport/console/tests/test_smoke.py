"""Every console URL renders for each role with the status that role should get."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

# url name → (kwargs builder key, {user: expected status}). "own" is carol's project or
# customer; "other" belongs to dave. Every console URL must be listed here.
OK_ALL = {"alice": 200, "bob": 200, "carol": 200, "erin": 200}
PMO_ONLY = {"alice": 200, "bob": 200, "carol": 403, "erin": 403}
RUNS_REVIEWS = {"alice": 200, "bob": 200, "carol": 200, "erin": 403}
POST_ONLY = {"alice": 405, "bob": 405, "carol": 405, "erin": 405}
EXPECTED: dict[str, tuple[str | None, dict[str, int]]] = {
    "console:home": (None, OK_ALL),
    "accounts:profile": (None, OK_ALL),
    "customers:list": (None, OK_ALL),
    "customers:create": (None, {"alice": 200, "bob": 200, "carol": 403, "erin": 403}),
    "customers:detail": ("own_customer", OK_ALL),
    "customers:detail#other": (
        "other_customer",
        {"alice": 200, "bob": 200, "carol": 403, "erin": 200},
    ),
    "customers:edit": ("own_customer", {"alice": 200, "bob": 200, "carol": 403, "erin": 403}),
    "portfolio:list": (None, OK_ALL),
    "portfolio:create": (None, {"alice": 200, "bob": 200, "carol": 403, "erin": 403}),
    "portfolio:detail": ("own_project", OK_ALL),
    "portfolio:detail#other": (
        "other_project",
        {"alice": 200, "bob": 200, "carol": 403, "erin": 200},
    ),
    "portfolio:edit": ("own_project", {"alice": 200, "bob": 200, "carol": 403, "erin": 403}),
    "audit:list": (None, {"alice": 200, "bob": 200, "carol": 403, "erin": 403}),
    "admin:index": (None, {"alice": 200, "bob": 302, "carol": 302, "erin": 302}),
    # feedback: the monthly review loop
    "feedback:pmo": (None, PMO_ONLY),
    "feedback:mine": (None, OK_ALL),
    "feedback:timeline": ("own_project", OK_ALL),
    "feedback:timeline#other": (
        "other_project",
        {"alice": 200, "bob": 200, "carol": 403, "erin": 200},
    ),
    "feedback:plan": ("own_project", POST_ONLY),
    "feedback:cycle": ("own_cycle", OK_ALL),
    "feedback:cycle#other": ("other_cycle", {"alice": 200, "bob": 200, "carol": 403, "erin": 200}),
    "feedback:open": ("own_cycle", RUNS_REVIEWS),
    "feedback:open#other": ("other_cycle", {"alice": 200, "bob": 200, "carol": 403, "erin": 403}),
    "feedback:meeting": ("own_cycle", RUNS_REVIEWS),
    "feedback:add_issue": ("own_cycle", POST_ONLY),
    "feedback:add_action": ("own_cycle", POST_ONLY),
    "feedback:move": ("own_cycle", POST_ONLY),
    "feedback:calendar": ("own_cycle", OK_ALL),
    "feedback:action_status": ("own_action", POST_ONLY),
    "feedback:personal_link": ("own_invitation", POST_ONLY),
    "feedback:mail_log": (None, PMO_ONLY),
    "feedback:mail_detail": ("own_mail", PMO_ONLY),
}
# Public or framework pages, tested elsewhere.
NOT_CONSOLE = {"accounts", "admin", "api", "survey"}


def _feedback_objects(project, other_project) -> dict:
    from rapport.feedback.testing import smoke_objects

    return smoke_objects(project, other_project)


def _console_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and p.name and namespace not in NOT_CONSOLE:
                names.add(f"{namespace}:{p.name}")

    walk(get_resolver().url_patterns, None)
    return names


def test_every_console_url_is_covered_by_this_test():
    covered = {name.split("#")[0] for name in EXPECTED}
    missing = _console_url_names() - covered
    assert not missing, f"add these URLs to EXPECTED: {sorted(missing)}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_status_per_role(client, users, project, other_project, name):
    target_key, expected = EXPECTED[name]
    objects = {
        "own_customer": project.customer,
        "other_customer": other_project.customer,
        "own_project": project,
        "other_project": other_project,
        **_feedback_objects(project, other_project),
    }
    url_name = name.split("#")[0]
    args = [objects[target_key].pk] if target_key else []
    url = reverse(url_name, args=args)
    for username, status in expected.items():
        client.force_login(users[username])
        response = client.get(url)
        assert response.status_code == status, f"{username} GET {url}"
    client.logout()
    assert client.get(url).status_code == 302, "anonymous users are sent to sign in"
