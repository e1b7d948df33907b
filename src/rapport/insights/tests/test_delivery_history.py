"""The recompute reads each month's delivery status as it was then, not today's."""

from __future__ import annotations

import pytest

from rapport.insights.loading import load_portfolio
from rapport.insights.models import HealthSnapshot
from rapport.insights.tests.history import SAMPLES, import_samples, run
from rapport.portfolio.models import Project

pytestmark = pytest.mark.django_db


def _delivery(code: str) -> dict[str, tuple[str, str, list[str]]]:
    return {
        period: (delivery, status, reasons)
        for period, delivery, status, reasons in HealthSnapshot.objects.filter(
            project__code=code
        ).values_list("period", "delivery", "status", "reasons")
    }


def test_past_months_use_the_status_recorded_for_them(tmp_path):
    import_samples(tmp_path)
    # Without history every month reads today's status (HIS-04 is A today).
    before = _delivery("HIS-04")
    assert {d for d, _, _ in before.values()} == {"A"}

    run("import_data", "delivery-status", str(SAMPLES / "delivery-status.csv"), "--commit")
    data = load_portfolio()
    his04 = Project.objects.get(code="HIS-04")
    assert data.delivery[his04.pk][:2] == [("2025-01", "G"), ("2025-02", "G")]
    assert data.delivery[his04.pk][-1][1] == "A"  # this month's, from the projects file

    after = _delivery("HIS-04")
    assert after["2025-03"][0] == "G"  # G then, although A today
    assert "Delivery status is A." not in after["2025-03"][2]
    assert after["2025-08"][0] == "G"  # A/G rolls up to green…
    assert after["2025-10"][0] == "A"  # …A stays amber…
    assert after["2025-12"][0] == "R" and after["2025-12"][1] == "R"  # …and A/R to red
    assert "Delivery status is AR." in after["2025-12"][2]
    assert after["2026-02"][0] == "A"
    # A project whose history is green throughout stays green in every month.
    assert {d for d, _, _ in _delivery("HIS-01").values()} == {"G"}
