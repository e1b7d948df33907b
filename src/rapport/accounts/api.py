from __future__ import annotations

from typing import Any

from ninja import Router, Schema

from rapport.accounts.http import AuthenticatedRequest
from rapport.accounts.permissions import ROLE_CAPABILITIES

router = Router()


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    role: str
    capabilities: list[str]


@router.get("/me", response=MeOut, summary="Who am I")
def me(request: AuthenticatedRequest) -> dict[str, Any]:
    user = request.user
    return {
        "id": user.pk,
        "email": user.email,
        "full_name": user.full_name,
        "role": user.role,
        "capabilities": sorted(c.value for c in ROLE_CAPABILITIES.get(user.role, ())),
    }
