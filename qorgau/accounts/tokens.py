"""API authentication: personal tokens (hashed, scoped, expiring) and the browser session."""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthorizationError
from ninja.security import APIKeyCookie, HttpBearer

from qorgau.accounts.models import ApiToken
from qorgau.core.permissions import second_factor_verified

TOKEN_PREFIX = "qg_"  # noqa: S105 - a public marker, not a secret
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def generate_token() -> tuple[str, str, str]:
    """Returns (full token shown once, lookup prefix, hash to store)."""
    prefix = secrets.token_hex(5)
    secret = secrets.token_urlsafe(32)
    return f"{TOKEN_PREFIX}{prefix}_{secret}", prefix, ApiToken.hash_secret(secret)


def token_lookup(raw: str) -> ApiToken | None:
    if not raw.startswith(TOKEN_PREFIX) or raw.count("_") < 2:
        return None
    prefix, _sep, secret = raw[len(TOKEN_PREFIX) :].partition("_")
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.key_hash, ApiToken.hash_secret(secret)):
        return None
    return token if token.is_usable else None


def _check_scope(request: HttpRequest, scope: str) -> None:
    if request.method not in SAFE_METHODS and scope != ApiToken.Scope.WRITE:
        raise AuthorizationError(
            message=_("This token may only read. Create a token with write access.")
        )


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = token_lookup(token)
        if api_token is None:
            return None
        _check_scope(request, api_token.scope)
        today = timezone.localdate()
        if api_token.last_used_on != today:
            api_token.last_used_on = today
            api_token.save(update_fields=["last_used_on"])
        request.user = api_token.user
        return api_token.user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session; staff count only once their second factor is verified."""

    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if not user.is_authenticated:
            return None
        if getattr(user, "is_staff_member", False) and not second_factor_verified(user):
            return None
        return user


def token_default_expiry() -> Any:
    return timezone.now() + timedelta(days=90)
