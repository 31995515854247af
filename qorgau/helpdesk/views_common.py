"""What the help desk's staff views share: the sign-in-or-404 guard, the unlock link, the case
key with its message, and small helpers for sealed text, form errors and download names."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponseBase
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from qorgau.core.crypto import DecryptionFailed
from qorgau.core.permissions import AuthedRequest
from qorgau.helpdesk import cases as services
from qorgau.helpdesk.models import Case


def signed_in_or_404(
    allowed: Callable[[Any], bool],
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Anonymous visitors go to sign-in; signed-in people without the right get 404, as if the
    page did not exist."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not allowed(request.user):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def unlock_url(request: HttpRequest) -> str:
    """Where a person whose keys are locked types their password again."""
    try:
        base = reverse("accounts:unlock-keys")
    except NoReverseMatch:
        base = reverse("accounts:profile")
    return base + "?" + urlencode({"next": request.get_full_path()})


def key_or_message(request: AuthedRequest, case: Case) -> bytes | None:
    key = services.case_key(request, case)
    if key is None:
        messages.error(
            request,
            _(
                "Your keys are locked or you have no access to this case's content: unlock "
                "your keys, or ask a coordinator to grant you access."
            ),
        )
    return key


def open_sealed(token: Any, opener: Callable[[], str]) -> str | None:
    if not token:
        return ""
    try:
        return opener()
    except DecryptionFailed:
        return None


def form_errors(request: AuthedRequest, form: Any) -> bool:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))
    return False


def quote_filename(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")
