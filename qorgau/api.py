"""The REST API at /api/v1/: one NinjaAPI, one router per app, one translated error shape."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

from qorgau.accounts.api import router as accounts_router
from qorgau.accounts.tokens import SessionAuth, TokenAuth
from qorgau.checkup.api import router as checkup_router
from qorgau.core.api import router as core_router
from qorgau.helpdesk.api import router as helpdesk_router
from qorgau.library.api import router as library_router
from qorgau.monitoring.api import router as monitoring_router
from qorgau.network.api import router as network_router

api = NinjaAPI(
    title="Qorgau API",
    version="1.0.0",
    description=(
        "Personal API tokens (Authorization: Bearer …) are created on the account page. "
        "Read tokens may only call GET. Every error has the shape "
        '{"error": {"code": …, "message": …, "details": …}}, with the message in the language '
        "of the Accept-Language header (kk, ru or en)."
    ),
    auth=[TokenAuth(), SessionAuth()],
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def error_response(
    request: HttpRequest, status: int, code: str, message: str, details: Any = None
) -> HttpResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        body["details"] = details
    return api.create_response(request, {"error": body}, status=status)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = [
        {"field": ".".join(str(p) for p in err.get("loc", ())[1:]), "problem": err.get("msg", "")}
        for err in exc.errors
    ]
    return error_response(
        request, 422, "invalid", _("Some values are missing or not valid."), details
    )


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(
        request,
        401,
        "unauthenticated",
        _("A valid API token is required (Authorization: Bearer …)."),
    )


@api.exception_handler(AuthorizationError)
@api.exception_handler(PermissionDenied)
def on_forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    message = str(exc) if isinstance(exc, AuthorizationError) and exc.message else ""
    return error_response(
        request, 403, "forbidden", message or _("You are not allowed to do this.")
    )


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, "not_found", _("Nothing was found at this address."))


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_response(request, exc.status_code, "error", str(exc))


api.add_router("/", core_router)
api.add_router("/accounts", accounts_router)
api.add_router("/library", library_router)
api.add_router("/checkup", checkup_router)
api.add_router("/incidents", monitoring_router)
api.add_router("/network", network_router)
api.add_router("/helpdesk", helpdesk_router)
