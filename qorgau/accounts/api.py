"""API of accounts: who the token belongs to."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

router = Router(tags=["accounts"])


class MeOut(Schema):
    email: str
    full_name: str
    roles: list[str]
    preferred_language: str


@router.get("/me", response=MeOut, summary="The signed-in user or the token's owner")
def me(request: HttpRequest) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    return {
        "email": user.email,
        "full_name": user.full_name,
        "roles": sorted(user.roles),
        "preferred_language": user.preferred_language,
    }
