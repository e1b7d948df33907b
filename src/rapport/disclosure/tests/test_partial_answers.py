"""A block is released on all its answers, partial ones included; the health figures are over
the overall score, which a partial answer may lack. A block enters them only when at least k
people gave it an overall score."""

import datetime as dt

import pytest

from rapport.feedback import services
from rapport.feedback.models import ReviewCycle
from rapport.insights.services import recompute_health
from rapport.testing.factories import (
    CustomerFactory,
    ProjectFactory,
    ProjectStakeholderFactory,
    StakeholderFactory,
)

pytestmark = pytest.mark.django_db


def _month_back(months: int) -> str:
    today = dt.date.today()
    index = today.year * 12 + today.month - 1 - months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _round(project, carol, period, partial_only: int):
    cycle = services.plan_cycle(project, period, by=carol, mode="email")
    services.open_cycle(cycle, by=carol)
    invitations = list(cycle.invitations.order_by("pk"))
    for invitation in invitations[:partial_only]:
        services.submit_response(invitation, {"value": 9}, complete=False)  # no overall
    for number, invitation in enumerate(invitations[partial_only:]):
        services.submit_response(invitation, {"overall": 2 + number, "value": 9})
    ReviewCycle.objects.filter(pk=cycle.pk).update(state="closed")


@pytest.mark.parametrize("culture", ["confidential", "anonymous"])
def test_one_persons_overall_in_a_released_block_is_never_a_health_figure(
    client, carol, erin, culture, django_capture_on_commit_callbacks
):
    customer = CustomerFactory(name="Conf Co", feedback_culture=culture, preferred_channel="email")
    project = ProjectFactory(name="Beta", customer=customer, project_manager=carol, sponsor=erin)
    for i in range(5):
        person = StakeholderFactory(customer=customer, name=f"G{i}", email=f"g{i}@x.test")
        ProjectStakeholderFactory(project=project, stakeholder=person)
    thin, full = _month_back(3), _month_back(2)
    _round(project, carol, thin, partial_only=4)  # five answers, one overall score
    _round(project, carol, full, partial_only=0)  # five overall scores: 2, 3, 4, 5, 6
    with django_capture_on_commit_callbacks(execute=True):
        recompute_health()
    for user in (erin, carol):
        client.force_login(user)
        rows = client.get("/api/insights/health", {"all_periods": "true"}).json()["items"]
        by_period = {r["period"]: r for r in rows}
        assert thin not in by_period or not by_period[thin]["n"]
        assert by_period[full]["n"] == 5 and by_period[full]["mean"] == 4.0
