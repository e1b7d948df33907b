"""Every change to projects and their feedback-givers goes through these functions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from rapport.audit.services import create_audited, record, update_audited
from rapport.customers.models import Stakeholder
from rapport.portfolio.models import Project, ProjectStakeholder

PROJECT_FIELDS = (
    "name",
    "code",
    "customer",
    "project_manager",
    "sponsor",
    "state",
    "phase",
    "start_date",
    "end_date",
    "delivery_status",
    "complexity",
    "novelty",
    "size_band",
    "customer_groups",
    "site",
)


@transaction.atomic
def create_project(*, by: Any, **fields: Any) -> Project:
    return create_audited(Project, "portfolio.project.created", by=by, **fields)


@transaction.atomic
def update_project(project: Project, *, by: Any, **fields: Any) -> dict[str, list[Any]]:
    return update_audited(
        project, "portfolio.project.updated", by=by, allowed=PROJECT_FIELDS, **fields
    )


@transaction.atomic
def add_project_stakeholder(
    project: Project,
    stakeholder: Stakeholder,
    *,
    by: Any,
    role_on_project: str = "",
    gives_feedback: bool = True,
) -> ProjectStakeholder:
    """Link a stakeholder of the project's customer to the project."""
    if stakeholder.customer_id != project.customer_id:
        raise ValidationError(
            f"{stakeholder} belongs to {stakeholder.customer}, not to {project.customer}, "
            "the customer of this project."
        )
    link, created = ProjectStakeholder.objects.get_or_create(
        project=project,
        stakeholder=stakeholder,
        defaults={"role_on_project": role_on_project, "gives_feedback": gives_feedback},
    )
    if created:
        record(
            "portfolio.project.stakeholder_added",
            by=by,
            obj=project,
            changes={
                "stakeholder": str(stakeholder),
                "role_on_project": role_on_project,
                "gives_feedback": gives_feedback,
            },
        )
    return link


@transaction.atomic
def remove_project_stakeholder(project: Project, stakeholder: Stakeholder, *, by: Any) -> bool:
    deleted, _ = ProjectStakeholder.objects.filter(
        project=project, stakeholder=stakeholder
    ).delete()
    if deleted:
        record(
            "portfolio.project.stakeholder_removed",
            by=by,
            obj=project,
            changes={"stakeholder": str(stakeholder)},
        )
    return bool(deleted)
