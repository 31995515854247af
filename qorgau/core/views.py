"""Pages every visitor sees: home, health, security.txt, and the error pages."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception:  # any failure to talk to the database is the answer, not a crash
        database = "unavailable"
    healthy = database == "ok"
    response = JsonResponse(
        {"status": "ok" if healthy else "error", "database": database, "vendor": connection.vendor},
        status=200 if healthy else 503,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@require_GET
@cache_control(max_age=86400, public=True)
def security_txt(request: HttpRequest) -> HttpResponse:
    # RFC 9116: Expires must be less than a year ahead; recomputed on every request.
    expires = (timezone.now() + timedelta(days=180)).replace(microsecond=0)
    lines = [
        f"Contact: {settings.SECURITY_CONTACT}",
        f"Expires: {expires.isoformat()}",
        "Preferred-Languages: kk, ru, en",
        f"Canonical: {request.build_absolute_uri('/.well-known/security.txt')}",
        f"Policy: {request.build_absolute_uri('/en/security/')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def security_policy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/security.html", {"contact": settings.SECURITY_CONTACT})


def error_page(request: HttpRequest, status: int, title: object, text: object) -> HttpResponse:
    """The site's error page with a translated title and explanation."""
    context = {"status": status, "error_title": title, "error_text": text}
    return render(request, "error.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(
        request,
        400,
        _("The request could not be understood"),
        _("Something in the address or the form was malformed. Go back and try again."),
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(
        request,
        403,
        _("You do not have access to this page"),
        _(
            "Your account does not have the role this page needs. Ask a coordinator if you think it should."
        ),
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(
        request,
        404,
        _("Page not found"),
        _("The address may be mistyped, or the page has moved or been removed."),
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return error_page(
        request,
        403,
        _("The form could not be accepted"),
        _(
            "For your safety, a form is accepted only when it comes from this site and has not "
            "expired. Go back, reload the page and send it again. If it happens again, a browser "
            "extension may be blocking a security check."
        ),
    )
