"""The public pages' per-client limit: a respondent never meets it; a client sending far more
gets 429 with Retry-After and a page in its language; the count is shared through the cache."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings

from rapport.env import cache_from_url
from rapport.feedback.ratelimit import client_key, hit
from rapport.feedback.tests.conftest import link_from

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


@override_settings(RAPPORT_PUBLIC_RATE_LIMIT=5, RAPPORT_PUBLIC_RATE_WINDOW=60)
def test_a_respondent_answers_well_within_the_limit(client: Client, email_cycle, mailoutbox):
    path = link_from(mailoutbox[0])
    assert client.get(path).status_code == 200
    answered = client.post(path, {"q_overall": "8"})
    assert answered.status_code == 302
    assert client.get(answered["Location"]).status_code == 200


@override_settings(RAPPORT_PUBLIC_RATE_LIMIT=5, RAPPORT_PUBLIC_RATE_WINDOW=60)
def test_a_client_over_the_limit_gets_429_in_its_language(client: Client):
    for _ in range(5):
        assert client.get("/s/no-such-token/").status_code == 404
    refused = client.get("/s/no-such-token/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "Trop de demandes" in refused.content.decode()
    assert "no-store" in refused["Cache-Control"]
    # Every public page shares the count; another client and the console do not.
    assert client.get("/shared/roadmap/whatever/").status_code == 429
    assert client.post("/s/pulse/whatever/").status_code == 429
    assert client.get("/s/no-such-token/", REMOTE_ADDR="10.0.0.9").status_code == 404
    assert client.get("/accounts/login/").status_code == 200


@override_settings(RAPPORT_PUBLIC_RATE_LIMIT=5, RAPPORT_PUBLIC_RATE_WINDOW=60)
def test_a_failing_count_never_stands_between_a_respondent_and_the_survey(
    client: Client, email_cycle, mailoutbox, monkeypatch, caplog
):
    """The cache is a guard, not a gate: when counting fails the page is served, uncounted."""
    from django.core.cache.backends.locmem import LocMemCache

    def broken(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(LocMemCache, "incr", broken)
    monkeypatch.setattr(LocMemCache, "add", broken)
    path = link_from(mailoutbox[0])
    assert client.get(path).status_code == 200
    assert client.post(path, {"q_overall": "8"}).status_code == 302
    assert "rate-limit count failed" in caplog.text


@override_settings(RAPPORT_PUBLIC_RATE_LIMIT=0)
def test_zero_turns_the_limit_off(client: Client):
    for _ in range(30):
        assert client.get("/s/no-such-token/").status_code == 404


def test_the_window_ends_and_the_count_starts_again():
    assert [hit("k", 2, 60, now=120.0) for _ in range(3)] == [0, 0, 60]
    assert hit("k", 2, 60, now=170.5) == 10  # the same window: 9.5 s left, rounded up
    assert hit("k", 2, 60, now=180.0) == 0  # a new window


@pytest.mark.parametrize(
    ("meta", "behind_proxy", "key"),
    [
        ({"REMOTE_ADDR": "203.0.113.7"}, False, "203.0.113.7"),
        ({"REMOTE_ADDR": "2001:db8:1:2:3:4:5:6"}, False, "2001:db8:1:2::"),
        ({"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 5.6.7.8"}, True, "5.6.7.8"),
        ({"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, False, "10.0.0.1"),
        ({"REMOTE_ADDR": "nonsense"}, False, "unknown"),
    ],
)
def test_the_client_is_its_address(meta: dict, behind_proxy: bool, key: str):
    request = RequestFactory().get("/s/x/", **meta)
    with override_settings(RAPPORT_BEHIND_PROXY=behind_proxy):
        assert client_key(request) == key


def _shared(tmp_path):
    """The production cache (``RAPPORT_CACHE_URL=file://…``) over ``tmp_path``."""
    return cache_from_url("RAPPORT_CACHE_URL", f"file://{tmp_path}")


def test_a_shared_cache_counts_for_every_process(tmp_path) -> None:
    """Two processes are two cache objects over the same directory: the count is one."""
    from rapport.caching import SharedFileCache

    config = _shared(tmp_path)
    with override_settings(
        CACHES={
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "shared": config,
        },
        RAPPORT_RATE_LIMIT_CACHE="shared",
    ):
        other = SharedFileCache(config["LOCATION"], {"SHARDS": config["SHARDS"]})
        assert hit("p", 3, 60, now=60.0) == 0
        assert hit("p", 3, 60, now=61.0) == 0
        other.incr(f"rapport:rl:p:{60}")  # the other process's request
        assert hit("p", 3, 60, now=62.0) == 58
        other.close()


def _count_in_child(location: str, shards: int, key: str, times: int) -> None:
    from rapport.caching import SharedFileCache

    cache = SharedFileCache(location, {"SHARDS": shards})
    for _ in range(times):
        try:
            cache.incr(key)
        except ValueError:
            cache.add(key, 0, timeout=120)
            cache.incr(key)
    cache.close()


def test_concurrent_processes_lose_no_increment(tmp_path) -> None:
    """Web processes counting at the same moment: every request is counted once."""
    import multiprocessing

    from rapport.caching import SharedFileCache

    config = _shared(tmp_path)
    context = multiprocessing.get_context("fork")
    children = [
        context.Process(
            target=_count_in_child, args=(config["LOCATION"], config["SHARDS"], "k", 300)
        )
        for _ in range(3)
    ]
    for child in children:
        child.start()
    for child in children:
        child.join(60)
        assert child.exitcode == 0
    cache = SharedFileCache(config["LOCATION"], {"SHARDS": config["SHARDS"]})
    assert cache.get("k") == 900
    cache.close()
