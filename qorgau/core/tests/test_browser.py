"""The whole site in a real browser: languages, sign-in with enrolment of a second factor, and
nothing loaded from another host or refused by the Content Security Policy."""

from __future__ import annotations

import base64
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.utils import translation
from django_otp.oath import totp

from qorgau.accounts.models import Role
from qorgau.conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TOTP_STEP = 30
HEADING = "Legal protection for journalists and bloggers"


def _chromium() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.skip("Chromium is not installed: apt-get install chromium (.ci/run does it)")
    return path


def _t(lang: str, message: str) -> str:
    with translation.override(lang):
        return translation.gettext(message)


def _totp_now(secret: str) -> tuple[str, int]:
    """The code an authenticator app shows now for this base32 key, and its time step."""
    secret = secret.replace(" ", "").upper()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    now = int(time.time())
    return f"{totp(key, step=TOTP_STEP, t0=0, digits=6, drift=0):06d}", now // TOTP_STEP


@pytest.fixture
def browser_page(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    executable = _chromium()
    # Playwright's sync API runs an event loop in this thread; the ORM would refuse to work.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="kk", base_url=live_server.url)
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            yield page
        finally:
            context.close()
            browser.close()


def _arrive(page: Any, url: str) -> None:
    """Wait for the browser to reach `url`; if it does not, say where it is and what it shows."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    try:
        page.wait_for_url(url)
    except PlaywrightTimeoutError:
        shown = page.locator("body").inner_text()[:600] if page.locator("body").count() else ""
        pytest.fail(f"expected {url}, but the browser is on {page.url} showing:\n{shown}")


def _screenshot(page: Any, name: str) -> None:
    folder = os.environ.get("QORGAU_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_a_visitor_switches_languages_and_a_coordinator_signs_in_with_a_second_factor(
    live_server: Any, transactional_db: Any, browser_page: Any
) -> None:
    page = browser_page
    origin = urlsplit(live_server.url)
    requests: list[str] = []
    failures: list[str] = []
    console_errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on(
        "response",
        lambda response: (
            failures.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    page.on(
        "console",
        lambda message: console_errors.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: console_errors.append(f"uncaught: {error}"))

    # A Kazakh browser lands on the Kazakh home page; the switch in the header changes language.
    page.goto("/")
    _arrive(page, f"{live_server.url}/kk/")
    _screenshot(page, "home-kk")
    for lang, next_lang in [("kk", "ru"), ("ru", "en"), ("en", None)]:
        assert page.url == f"{live_server.url}/{lang}/"
        assert page.locator("html").get_attribute("lang") == lang
        heading = page.get_by_role("heading", level=1)
        assert heading.is_visible()
        assert heading.inner_text() == _t(lang, HEADING)
        if lang != "en":
            assert heading.inner_text() != HEADING, f"the {lang} page fell back to English"
        if next_lang:
            switch = page.get_by_role("navigation", name=_t(lang, "Language"))
            switch.locator(f'a[hreflang="{next_lang}"]').click()
            _arrive(page, f"{live_server.url}/{next_lang}/")

    alice = make_user("alice@qorgau.test", Role.COORDINATOR)
    account_nav = page.get_by_role("navigation", name=_t("en", "Account"))

    def sign_in_with_password() -> None:
        account_nav.get_by_role("link", name=_t("en", "Sign in")).click()
        _arrive(page, f"{live_server.url}/en/accounts/login/")
        page.locator('input[name="email"]').fill(alice.email)
        page.locator('input[name="password"]').fill(PASSWORD)
        page.locator("main form").get_by_role("button", name=_t("en", "Continue")).click()

    def sign_out() -> None:
        account_nav.get_by_role("button", name=_t("en", "Sign out")).click()
        _arrive(page, f"{live_server.url}/en/")
        assert account_nav.get_by_role("link", name=_t("en", "Sign in")).is_visible()
        assert page.get_by_text(_t("en", "You have signed out.")).is_visible()

    # First sign-in: a coordinator without a second factor must set one up before anything else.
    sign_in_with_password()
    _arrive(page, f"{live_server.url}/en/accounts/2fa/setup/?next=%2Fen%2F")
    qr = page.locator(".qr svg")
    assert qr.is_visible()
    # An app can only scan the code if all of it is drawn: none of it cut off by its box.
    drawn, box = qr.evaluate(
        "svg => [svg.querySelector('path').getBoundingClientRect().toJSON(),"
        " svg.getBoundingClientRect().toJSON()]"
    )
    assert drawn["right"] <= box["right"] + 1 and drawn["bottom"] <= box["bottom"] + 1, (
        f"the QR code is cut off: drawn {drawn['width']:.0f}px wide in a {box['width']:.0f}px box"
    )
    _screenshot(page, "otp-setup-en")
    secret = page.locator(".secret code").inner_text()
    code, enrolled_step = _totp_now(secret)
    page.locator('input[name="code"]').fill(code)
    page.get_by_role("button", name=_t("en", "Confirm")).click()
    page.wait_for_selector("#recovery-codes")
    _screenshot(page, "recovery-codes-en")
    assert page.locator("#recovery-codes li").count() == 10
    page.get_by_role("link", name=_t("en", "I have saved them")).click()
    _arrive(page, f"{live_server.url}/en/")
    assert account_nav.get_by_role("link", name=alice.email).is_visible()
    sign_out()

    # Second sign-in: password, then a fresh code. django-otp refuses a time step used before.
    sign_in_with_password()
    _arrive(page, f"{live_server.url}/en/accounts/login/verify/")
    while int(time.time()) // TOTP_STEP <= enrolled_step:
        time.sleep(0.5)
    code, _step = _totp_now(secret)
    page.locator('input[name="code"]').fill(code)
    page.locator("main form").get_by_role("button", name=_t("en", "Sign in")).click()
    _arrive(page, f"{live_server.url}/en/")
    profile = account_nav.get_by_role("link", name=alice.email)
    assert profile.is_visible()
    assert profile.get_attribute("href") == "/en/accounts/"
    sign_out()

    foreign = [url for url in requests if urlsplit(url)[:2] != origin[:2]]
    assert not foreign, f"requests left the site: {foreign}"
    assert not failures, f"failed requests: {failures}"
    refused = [
        text for text in console_errors if "Content Security Policy" in text or "Refused to" in text
    ]
    assert not refused, f"the Content Security Policy refused: {refused}"
    assert not console_errors, f"console errors: {console_errors}"
