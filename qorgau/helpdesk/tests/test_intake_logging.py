"""Nothing the site logs during intake carries the requester's address, browser or words: the
real console handler of the logging configuration is read while requests go through."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator

import pytest
from django.test import Client

from .intake_support import media  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]

ADDRESS = "203.0.113.77"
AGENT = "MarkerBrowser/9.9 (ZZTOP)"
WORDS = "Протокол обыска редакции QX7"


@pytest.fixture
def console() -> Iterator[io.StringIO]:
    handler = next(h for h in logging.getLogger("django").handlers if h.name == "console")
    stream = io.StringIO()
    old = handler.setStream(stream)
    try:
        yield stream
    finally:
        handler.setStream(old)


def test_intake_logs_no_address_browser_or_content(console: io.StringIO) -> None:
    extra = {"REMOTE_ADDR": ADDRESS, "HTTP_USER_AGENT": AGENT, "HTTP_X_FORWARDED_FOR": ADDRESS}
    client = Client(**extra)
    page = client.get("/en/help/").content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    client.post("/en/help/", {"form_token": token, "description": WORDS})
    client.post("/en/help/", {"form_token": token, "description": WORDS, "next_hearing": "x"})
    client.post("/en/help/status/", {"code": "00000-00000-00000-00000"})
    client.get("/en/help/no-such-page/")
    strict = Client(enforce_csrf_checks=True, **extra)
    strict.post("/en/help/", {"description": WORDS})  # refused: logged as a warning
    logged = console.getvalue()
    assert "Forbidden (CSRF" in logged and "Not Found" in logged  # the log was written
    assert ADDRESS not in logged and "ZZTOP" not in logged and "QX7" not in logged
