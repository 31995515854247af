"""Staff sessions: a second factor before anything else, and sign-out after an idle hour; the
cookie that holds the key to the session's unlocked private key."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from qorgau.accounts.keys import apply_cookie
from qorgau.accounts.services import has_second_factor
from qorgau.core.permissions import second_factor_verified

LAST_SEEN_KEY = "qorgau_last_seen"
Handler = Callable[[HttpRequest], HttpResponse]


def _exempt(request: HttpRequest) -> bool:
    path = request.path_info
    if path.startswith((settings.STATIC_URL, "/api/", "/healthz", "/.well-known/")):
        return True
    allowed = (reverse("accounts:otp-setup"), reverse("accounts:logout"))
    return path in allowed


def staff_session(get_response: Handler) -> Handler:
    def middleware(request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated or not user.is_staff_member:
            return get_response(request)

        now = int(time.time())
        last_seen = request.session.get(LAST_SEEN_KEY)
        if last_seen is not None and now - int(last_seen) > settings.STAFF_IDLE_SECONDS:
            logout(request)
            if request.path_info.startswith("/api/"):
                return get_response(request)
            messages.info(request, _("You were signed out after an hour without activity."))
            return redirect_to_login(request.get_full_path())
        if last_seen is None or now - int(last_seen) > 30:
            request.session[LAST_SEEN_KEY] = now

        if not second_factor_verified(user) and not _exempt(request):
            if has_second_factor(user):
                # A role granted mid-session: sign in again, this time with the second factor.
                logout(request)
                return redirect_to_login(request.get_full_path())
            return redirect(
                reverse("accounts:otp-setup") + "?" + urlencode({"next": request.get_full_path()})
            )
        return get_response(request)

    return middleware


def keypair_cookie(get_response: Handler) -> Handler:
    """Carries the key that opens the session's sealed private key (qorgau.accounts.keys)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        apply_cookie(request, response)
        return response

    return middleware
