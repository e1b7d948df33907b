"""The early warning's alarm level: calibrated once, kept in the cache, safe from a broken one."""

from __future__ import annotations

import logging

import pytest
from django.core.cache import cache

from rapport.insights import early_warning
from rapport.insights.analytics import calibration


def _calls(monkeypatch) -> list[float]:
    calls: list[float] = []
    original = calibration.calibrate

    def counted(target: float, settings=None) -> float:
        calls.append(target)
        return original(target, settings)

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
