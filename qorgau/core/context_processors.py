from typing import Any

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language

from qorgau.core.navigation import navigation_for


def platform(request: HttpRequest) -> dict[str, Any]:
    return {
        "platform_name": settings.PLATFORM_NAME,
        "navigation": navigation_for(request),
        "is_onion": _host(request).split(":")[0].endswith(".onion"),
        "language_links": language_links(request),
    }


def _host(request: HttpRequest) -> str:
    try:
        return request.get_host()
    except DisallowedHost:  # the 400 page for a forged Host header still renders
        return ""


def language_links(request: HttpRequest) -> list[dict[str, Any]]:
    """The same page in each interface language (query string kept: filters survive a switch)."""
    current = get_language()
    query = request.META.get("QUERY_STRING", "")
    links = []
    for code, name in settings.LANGUAGES:
        url = translate_url(request.path, code)
        if query:
            url += "?" + query
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return links
