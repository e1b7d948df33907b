"""The alert settings are read with the strict helpers and fail at start when inconsistent."""

from __future__ import annotations

from rapport.tests.test_env import _run


def test_webhook_url_without_a_secret_refuses_to_start(tmp_path):
    result = _run(["check"], {"RAPPORT_ALERT_WEBHOOK_URL": "https://hooks.example.org/x"}, tmp_path)
    assert result.returncode != 0
    assert "RAPPORT_ALERT_WEBHOOK_SECRET must be set" in result.stderr


def test_unknown_webhook_format_names_the_variable(tmp_path):
    result = _run(["check"], {"RAPPORT_ALERT_WEBHOOK_FORMAT": "teams"}, tmp_path)
    assert result.returncode != 0
    assert "RAPPORT_ALERT_WEBHOOK_FORMAT must be one of rapport, slack" in result.stderr


def test_webhook_with_url_and_secret_starts(tmp_path):
    env = {
        "RAPPORT_ALERT_WEBHOOK_URL": "https://hooks.example.org/x",
        "RAPPORT_ALERT_WEBHOOK_SECRET": "s3cret",
        "RAPPORT_ALERT_WEBHOOK_FORMAT": "slack",
    }
    result = _run(["check"], env, tmp_path)
    assert result.returncode == 0, result.stderr
