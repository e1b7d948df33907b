"""Personal data in the JSON API: a stakeholder's export and erasure (docs/privacy.md)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from rapport.accounts.permissions import (
    Capability,
    can_manage_customers,
    has_capability,
    visible_customers,
)
from rapport.customers.models import Stakeholder
from rapport.gdpr import services

router = Router()


class ErasureOut(Schema):
    erased: bool
    counts: dict[str, int]


def _stakeholder(request: HttpRequest, sid: int) -> Stakeholder:
    return get_object_or_404(
        Stakeholder.objects.filter(customer__in=visible_customers(request.user).values("pk")),
        pk=sid,
    )


@router.get(
    "/stakeholders/{sid}/export",
    response={200: dict[str, Any], 403: dict, 404: dict},
    summary="Everything Rapport holds about a stakeholder (one JSON document)",
)
def export(request: HttpRequest, sid: int) -> HttpResponse:
    if not can_manage_customers(request.user):
        raise PermissionDenied("Your role may not manage customers.")
    body = services.export_stakeholder(_stakeholder(request, sid), by=request.user)
    return HttpResponse(body, content_type="application/json; charset=utf-8")


@router.post(
    "/stakeholders/{sid}/erase",
    response={200: ErasureOut, 403: dict, 404: dict, 422: dict},
    summary="Erase a stakeholder's personal data, keeping the figures the privacy rules allow",
)
def erase(request: HttpRequest, sid: int) -> dict[str, Any]:
    if not has_capability(request.user, Capability.ERASE_PERSONAL_DATA):
        raise PermissionDenied("Your role may not erase personal data.")
    done = services.erase_stakeholder(_stakeholder(request, sid), by=request.user)
    return {"erased": True, "counts": done.counts}
