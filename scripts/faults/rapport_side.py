"""The fault suite's view into Rapport's database, run as a separate process with the
scenario's environment (DATABASE_URL …):

    python scripts/faults/rapport_side.py seed N     # a project with N feedback-givers, opened
    python scripts/faults/rapport_side.py count      # what is stored, as JSON

Seeding goes through Rapport's own services, so the invitation emails are outbox rows sent by
the worker, as in production.
"""

from __future__ import annotations

import json
import os
import sys


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rapport.settings")
    import django

    django.setup()


def seed(n: int) -> dict:
    from django.utils import timezone

    from rapport.accounts.models import Role
    from rapport.feedback import services
    from rapport.testing.factories import (
        CustomerFactory,
        ProjectFactory,
        ProjectStakeholderFactory,
        StakeholderFactory,
        UserFactory,
    )

    lead = UserFactory(email="lead@pmo.test", full_name="Lead", role=Role.PMO_LEAD)
    manager = UserFactory(email="pm@pmo.test", full_name="Manager", role=Role.PROJECT_MANAGER)
    customer = CustomerFactory(name="Retail Banking", preferred_channel="email")
    project = ProjectFactory(customer=customer, name="Branch booking", project_manager=manager)
    for i in range(n):
        person = StakeholderFactory(
            customer=customer,
            name=f"Respondent {i}",
            email=f"r{i}@customer.test",
            language="fr" if i % 4 == 0 else "en",
        )
        ProjectStakeholderFactory(project=project, stakeholder=person)
    cycle = services.plan_cycle(project, timezone.now().strftime("%Y-%m"), by=lead)
    invitations = services.open_cycle(cycle, by=lead)
    return {"invitations": len(invitations)}


def count() -> dict:
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from rapport.feedback.models import Invitation, OutboxMessage, Response

    per_invitation = list(
        Response.objects.values("invitation_id").annotate(n=Count("id")).values_list("n", flat=True)
    )
    stored = sorted(
        Response.objects.values_list("invitation__stakeholder__email", flat=True).distinct()
    )
    outbox = dict(
        OutboxMessage.objects.values("state").annotate(n=Count("id")).values_list("state", "n")
    )
    tasks = dict(
        DBTaskResult.objects.values("status").annotate(n=Count("id")).values_list("status", "n")
    )
    needs_check = list(
        OutboxMessage.objects.filter(state="needs_check").values_list("to_email", flat=True)
    )
    return {
        "invitations": Invitation.objects.count(),
        "needs_check_to": needs_check,
        "responses": sum(per_invitation),
        "duplicated": sum(n - 1 for n in per_invitation),
        "stored": stored,
        "outbox": outbox,
        "tasks": tasks,
    }


if __name__ == "__main__":
    setup()
    if sys.argv[1:2] == ["seed"]:
        print(json.dumps(seed(int(sys.argv[2]))))
    elif sys.argv[1:2] == ["count"]:
        print(json.dumps(count()))
    else:
        sys.exit("usage: rapport_side.py seed N | count")
