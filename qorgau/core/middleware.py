"""Request-wide protections: body size limit, security headers, no-store, language fallback."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils.translation import get_language_from_request

Handler = Callable[[HttpRequest], HttpResponse]


def request_size_limit(get_response: Handler) -> Handler:
    """Refuse a body larger than MAX_REQUEST_BYTES before anything reads it."""

    def middleware(request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            return _request_too_large(request)
        return get_response(request)

    return middleware


def _request_too_large(request: HttpRequest) -> HttpResponse:
    from django.utils import translation

    translation.activate(get_language_from_request(request, check_path=True))
    limit_mb = settings.MAX_REQUEST_BYTES // (1024 * 1024)
    if request.path.startswith("/api/"):
        from django.http import JsonResponse
        from django.utils.translation import gettext

        message = gettext("The request is larger than %(limit)s MB and was refused.") % {
            "limit": limit_mb
        }
        return JsonResponse({"error": {"code": "too_large", "message": message}}, status=413)
    html = render_to_string("413.html", {"limit_mb": limit_mb}, request=request)
    return HttpResponse(html, status=413)


def security_headers(get_response: Handler) -> Handler:
    """Headers Django does not set itself, and no-store on pages that must not be cached."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if settings.ONION_ADDRESS and request.is_secure():
            # Tor Browser offers the onion address, which does not depend on certificates.
            onion = f"http://{settings.ONION_ADDRESS}{request.get_full_path()}"
            response.headers["Onion-Location"] = onion
        if _must_not_be_stored(request, response):
            response.headers["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        return response

    return middleware


def _must_not_be_stored(request: HttpRequest, response: HttpResponse) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    if request.method not in ("GET", "HEAD"):
        return True
    # A page that rendered a CSRF token carries a form that posts: keep it out of every cache.
    return bool(
        request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED")
    )


def fetch_metadata_origin(get_response: Handler) -> Handler:
    """With `Referrer-Policy: no-referrer`, browsers send `Origin: null` on our own form posts and
    no Referer, which Django's CSRF check refuses. `Sec-Fetch-Site` (which pages cannot forge) says
    whether the post came from our own origin; only then is Origin restored. The CSRF token is
    still checked as always."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if (
            request.META.get("HTTP_ORIGIN") == "null"
            and request.META.get("HTTP_SEC_FETCH_SITE") == "same-origin"
        ):
            request.META["HTTP_ORIGIN"] = f"{request.scheme}://{request.get_host()}"
        return get_response(request)

    return middleware


_LANG_PREFIX = re.compile(r"^/([a-zA-Z]{2,3}(?:[-_][a-zA-Z0-9]{2,8})?)(/.*)$")


def language_fallback(get_response: Handler) -> Handler:
    """`/de/help/` or `/kk-kz/help/`: send the visitor to the same page in a language we have."""

    supported = {code for code, _name in settings.LANGUAGES}

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if response.status_code != 404:
            return response
        match = _LANG_PREFIX.match(request.path_info)
        if not match or match.group(1).lower() in supported:
            return response
        prefix = match.group(1).lower().replace("_", "-")
        base = prefix.split("-")[0]
        lang = base if base in supported else get_language_from_request(request)
        target = f"/{lang}{match.group(2)}"
        try:
            resolve(target)
        except Resolver404:
            return response
        query = request.META.get("QUERY_STRING")
        return HttpResponseRedirect(target + (f"?{query}" if query else ""))

    return middleware
