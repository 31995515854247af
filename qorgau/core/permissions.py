"""Who may do what: role checks and the shared re-authentication gate, used by every app."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from qorgau.accounts.models import STAFF_ROLES, Role, User

View = TypeVar("View", bound=Callable[..., HttpResponseBase])

REAUTH_SESSION_KEY = "qorgau_reauth_at"


class AuthedRequest(HttpRequest):
    """The request of a view behind `login_required` or `role_required`: its user is signed in."""

    user: User


def second_factor_verified(user: Any) -> bool:
    """Whether this session passed the second factor (django-otp's middleware adds the check)."""
    check = getattr(user, "is_verified", None)
    return bool(check is not None and check())


def has_role(user: Any, *roles: str) -> bool:
    """True when the signed-in, active user holds any of the roles (admins hold every one)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    held: frozenset[str] = user.roles
    return Role.ADMIN in held or bool(held & set(roles))


def is_staff_member(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False) and user.is_active and user.roles & STAFF_ROLES
    )


def is_admin(user: Any) -> bool:
    return has_role(user, Role.ADMIN)


def role_required(*roles: str) -> Callable[[View], View]:
    """Anonymous visitors go to sign-in; signed-in users without the role get 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return cast(View, wrapped)

    return decorator


def login_required[View: Callable[..., HttpResponseBase]](view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return cast(View, wrapped)


def mark_recently_authenticated(request: HttpRequest) -> None:
    request.session[REAUTH_SESSION_KEY] = int(time.time())


def recently_authenticated(request: HttpRequest) -> bool:
    at = request.session.get(REAUTH_SESSION_KEY)
    return at is not None and time.time() - int(at) < settings.REAUTH_SECONDS


def reauth_required[View: Callable[..., HttpResponseBase]](view: View) -> View:
    """Sensitive actions (exports, key operations, reassignments) ask for the password and the
    second factor again unless the user confirmed them in the last REAUTH_SECONDS."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not recently_authenticated(request):
            # A form that posts here names the page it is on: after confirming, the person goes
            # back there and sends it again (a redirect cannot repeat a POST).
            next_url = (
                request.get_full_path() if request.method == "GET" else request.POST.get("next", "")
            )
            return redirect(reverse("accounts:reauth") + "?" + urlencode({"next": next_url}))
        return view(request, *args, **kwargs)

    return cast(View, wrapped)
