"""Every constraint a person can break through a form or the API says what is wrong, in words,
under the field it is about (rapport/constraints.py), never "Constraint “…” is violated."."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from rapport.catalog.models import Service
from rapport.constraints import ConstraintFields
from rapport.customers.models import Customer, JourneyStage, Stakeholder
from rapport.plainlanguage.models import GlossaryTerm
from rapport.portfolio.models import Project
from rapport.roadmap.models import CustomerInput, RoadmapItem

# The constraints a form or the API can break (the others guard what only code writes, or are
# caught first by a field's own validators and choices).
REACHABLE = {
    Customer: {"customers_customer_name_unique", "customers_customer_external_id_unique"},
    Stakeholder: {"customers_stakeholder_email_unique"},
    JourneyStage: {"customers_stage_name_unique"},
    Service: {"roadmap_service_name_unique"},
    GlossaryTerm: {"plainlanguage_glossaryterm_term_unique"},
    Project: {
        "portfolio_project_name_unique_per_customer",
        "portfolio_project_code_unique",
        "portfolio_project_customer_groups_min_1",
        "portfolio_project_dates_ordered",
    },
    RoadmapItem: {
        "roadmap_item_relief_1_5",
        "roadmap_item_confidence_0_1",
        "roadmap_item_effort_positive",
        "roadmap_item_adoption_0_100",
    },
    CustomerInput: {"roadmap_input_relief_1_5"},
}


@pytest.mark.parametrize("model", list(REACHABLE), ids=lambda m: m.__name__)
def test_each_reachable_constraint_has_a_message_and_a_field(model: type[models.Model]) -> None:
    assert issubclass(model, ConstraintFields)
    by_name = {c.name: c for c in model._meta.constraints}
    for name in REACHABLE[model]:
        constraint = by_name[name]
        assert constraint.violation_error_message != constraint.default_violation_error_message
        field = model.CONSTRAINT_FIELDS[constraint.violation_error_code]
        model._meta.get_field(field)


def test_no_other_model_maps_a_code_it_does_not_have() -> None:
    for model in apps.get_models():
        codes = {c.violation_error_code for c in model._meta.constraints}
        assert set(getattr(model, "CONSTRAINT_FIELDS", {})) <= codes, model


@pytest.mark.django_db
def test_a_project_ending_before_it_starts_is_refused_under_its_end_date(project: Project) -> None:
    project.start_date, project.end_date = dt.date(2025, 2, 1), dt.date(2025, 1, 1)
    with pytest.raises(ValidationError) as refused:
        project.full_clean()
    assert refused.value.message_dict == {
        "end_date": ["The end date cannot be before the start date."]
    }
