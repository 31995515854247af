"""The intake in a real browser: the whole flow with JavaScript off (Tor Browser's safest mode),
and the quick exit that leaves no way back."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from qorgau.conftest import CHROMIUM_ARGS

from .intake_support import jpeg_with_exif, media  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("media")]


@pytest.fixture
def no_js_page(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        pytest.skip("Chromium is not installed")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            yield page
        finally:
            context.close()
            browser.close()
            connections.close_all()


def test_a_request_goes_through_without_javascript(
    transactional_db: Any, no_js_page: Any, tmp_path: Path
) -> None:
    page = no_js_page
    outside: list[str] = []
    page.on(
        "request",
        lambda r: None if "127.0.0.1" in r.url or "localhost" in r.url else outside.append(r.url),
    )
    page.goto("/ru/help/")
    page.fill("#id_description", "Меня вызвали в полицию из-за статьи")
    page.check("input[name=help_wanted][value=advice]")
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(jpeg_with_exif())
    page.set_input_files("#id_files", str(photo))
    page.click("button[type=submit]")
    page.wait_for_url("**/ru/help/received/")
    code = page.inner_text("#receipt-code")
    assert re.fullmatch(r"[0-9A-Z]{5}(-[0-9A-Z]{5}){3}", code)
    page.fill("#id_code", code.lower().replace("-", " "))
    page.click("form:has(#id_code) button[type=submit]")
    assert "Код верный" in page.content()
    page.goto("/ru/help/status/")
    page.fill("#id_code", code)
    page.click("button[type=submit]")
    page.wait_for_url("**/ru/help/status/")
    assert "Меня вызвали в полицию из-за статьи" in page.content()
    assert "photo.jpg" in page.content()
    assert outside == []


def test_the_quick_exit_leaves_no_way_back(transactional_db: Any, browser_page: Any) -> None:
    page = browser_page
    page.goto("/ru/")
    page.goto("/ru/help/")
    page.click("a.quick-exit")
    page.wait_for_url("**/help/exit/")
    assert page.title() == "New Tab"
    page.go_back()
    assert not page.url.endswith("/ru/help/")
