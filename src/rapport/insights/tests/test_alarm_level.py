"""The early warning's alarm level: calibrated once, kept in the cache, safe from a broken one."""

from __future__ import annotations

import logging

import pytest
from django.core.cache import cache

from rapport.insights import early_warning
from rapport.insights.analytics import calibration
from rapport.insights.analytics.warning import CrossSection


def _calls(monkeypatch) -> list[float]:
    calls: list[float] = []
    original = calibration.calibrate

    def counted(target: float, settings=None, **kwargs) -> float:
        calls.append(target)
        return original(target, settings, **kwargs)

    monkeypatch.setattr(early_warning.calibration, "calibrate", counted)
    return calls


def test_the_level_is_calibrated_once_and_then_read_from_the_cache(monkeypatch, settings):
    cache.clear()
    expected = calibration.calibrate(0.1, early_warning.warning_settings())
    calls = _calls(monkeypatch)
    first = early_warning.threshold()
    assert first == expected
    assert early_warning.threshold() == first and calls == [0.1]
    # Another target is another level, worked out on its own.
    settings.RAPPORT_ALERT_FALSE_ALARMS = 0.05
    stricter = early_warning.threshold()
    assert stricter > first and calls == [0.1, 0.05]


def test_a_cache_that_fails_costs_time_not_the_recompute(monkeypatch, caplog):
    class Broken:
        def get(self, key):
            raise ConnectionError("cache down")

        def set(self, key, value, timeout=None):
            raise ConnectionError("cache down")

    monkeypatch.setattr(early_warning, "cache", Broken())
    with caplog.at_level(logging.WARNING, logger="rapport.insights.early_warning"):
        level = early_warning.threshold()
    assert level == pytest.approx(calibration.calibrate(0.1, early_warning.warning_settings()))
    assert "could not be read" in caplog.text


def test_a_level_stored_by_other_code_is_not_used(monkeypatch):
    cache.clear()
    early_warning.threshold()  # stored for this code
    calls = _calls(monkeypatch)
    early_warning.threshold()
    assert calls == []
    # An upgrade that changes the test's code (or numpy) calibrates again.
    monkeypatch.setattr(early_warning, "_code_fingerprint", lambda: b"other code")
    early_warning.threshold()
    assert calls == [0.1]


def test_each_portfolio_size_has_its_own_level_kept_apart(monkeypatch):
    cache.clear()
    calls = _calls(monkeypatch)
    large = early_warning.threshold(projects=2000)
    small = early_warning.threshold(projects=12)
    # A portfolio of 12 is calibrated as one of 10; 2,000 as the largest simulated, 400.
    assert calls == [0.1, 0.1]
    assert early_warning.threshold(projects=10) == small and len(calls) == 2
    assert early_warning.threshold(projects=400) == large and len(calls) == 2
    # Fewer projects: noisier portfolio-wide quantities, so a higher level for the same promise.
    assert small > large


def test_the_size_is_the_most_projects_in_the_last_twelve_months():
    months = {pid: [f"2025-{m:02d}" for m in range(1, 13)] for pid in range(30)}
    months.update({pid: ["2024-01", "2024-02"] for pid in range(30, 100)})  # closed long ago
    assert early_warning.portfolio_size(months) == 30
    # An incremental run reads the size a full run stored, not the few projects it evaluates.
    stored = {f"2025-{m:02d}": CrossSection(projects=30 + m) for m in range(1, 13)}
    stored["2024-01"] = CrossSection(projects=100)
    assert early_warning.portfolio_size({1: months[1]}, stored) == 42
    # Stored before the size was kept: the level such runs used (the largest size).
    assert early_warning.portfolio_size({1: months[1]}, {"2025-12": CrossSection()}) == 400
