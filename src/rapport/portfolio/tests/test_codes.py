"""A project code names one project whatever its case: files and people write "prj-1" for
PRJ-1. Two codes that differ only by case are refused, and every import finds the project by
its code in another case instead of making a second project or saying it is unknown."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from rapport.feedback.models import Response
from rapport.imports.reading import TableSource
from rapport.imports.services import run_import
from rapport.portfolio.models import DeliveryStatusMonth, Project
from rapport.portfolio.services import create_project, update_project

pytestmark = pytest.mark.django_db


def _import(tmp_path, kind, text):
    path = tmp_path / f"{kind}.csv"
    path.write_text(text, encoding="utf-8")
    result = run_import(kind, TableSource.from_path(path), by=None, commit=True)
    return result, [(e.line, e.column, e.reason) for e in result.errors]


def test_a_code_that_differs_from_another_only_by_case_is_refused(alice, customer):
    create_project(by=alice, name="Payments", code="PRJ-1", customer=customer)
    with pytest.raises(ValidationError) as refused:
        create_project(by=alice, name="Other", code="prj-1", customer=customer)
    assert refused.value.message_dict == {
        "code": ["Project PRJ-1 already has this code, in another case."]
    }
    other = create_project(by=alice, name="Other", code="PRJ-2", customer=customer)
    with pytest.raises(ValidationError):
        update_project(other, by=alice, code="Prj-1")
    update_project(other, by=alice, code="PRJ-2", name="Other one")  # its own code is free
    assert sorted(Project.objects.values_list("code", flat=True)) == ["PRJ-1", "PRJ-2"]


def test_the_console_refuses_it_under_the_code_field(client, alice, project):
    project.code = "PRJ-1"
    project.save()
    client.force_login(alice)
    form = client.get("/projects/new/").context["form"]
    data = {name: field.initial for name, field in form.fields.items() if field.initial is not None}
    data |= {"name": "Other", "code": "prj-1", "customer": project.customer_id}
    response = client.post("/projects/new/", data)
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [
        "Project PRJ-1 already has this code, in another case."
    ]
    assert Project.objects.count() == 1


def test_every_import_finds_the_project_by_its_code_in_another_case(tmp_path, project):
    project.code = "PRJ-1"
    project.save()
    customer = project.customer.name

    result, errors = _import(tmp_path, "projects", f"project,customer\nprj-1,{customer}\n")
    assert errors == [] and (result.created, result.unchanged) == (0, 1)
    assert Project.objects.count() == 1

    _, errors = _import(tmp_path, "delivery-status", "project,period,status\nprj-1,2026-01,AR\n")
    assert errors == []
    assert DeliveryStatusMonth.objects.get(project=project, period="2026-01").status == "AR"

    _, errors = _import(tmp_path, "responses", "project,period,overall\nprj-1,2026-01,7\n")
    assert errors == [] and Response.objects.get().project_id == project.pk
