"""WebAuthn security keys as an optional second factor (written in full by a later step)."""

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed


def register_begin(request: HttpRequest) -> HttpResponse:
    return HttpResponseNotAllowed(["POST"])


register_finish = login_begin = login_finish = register_begin


def key_remove(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponseNotAllowed(["POST"])
