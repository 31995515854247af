"""The site in a real browser: the language switch, signing in with a second factor set up on the
way, and no request to another host and nothing refused by the Content Security Policy."""

from __future__ import annotations

import base64
import os
import time
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from django_otp.oath import totp

from qorgau.accounts.models import User
from qorgau.conftest import PASSWORD

pytestmark = pytest.mark.browser

TOTP_STEP = 30
HEADING = "Legal protection for journalists and bloggers"


def _t(lang: str, message: str) -> str:
    with translation.override(lang):
        return translation.gettext(message)


def _totp_now(secret: str) -> tuple[str, int]:
    """The code an authenticator app shows now for this base32 key, and its time step."""
    secret = secret.replace(" ", "").upper()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    code = totp(key, step=TOTP_STEP, t0=0, digits=6, drift=0)
    return f"{code:06d}", int(time.time()) // TOTP_STEP


def _arrive(page: Any, url: str) -> None:
    """Wait for the browser to reach `url`; if it does not, say where it is and what it shows."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    try:
        page.wait_for_url(url)
    except PlaywrightTimeoutError:
        shown = page.locator("body").inner_text()[:600] if page.locator("body").count() else ""
        pytest.fail(f"expected {url}, but the browser is on {page.url} showing:\n{shown}")


def _screenshot(page: Any, name: str) -> None:
    """With QORGAU_SCREENSHOTS=folder, keep a picture of the page for a person to look at."""
    folder = os.environ.get("QORGAU_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_a_visitor_switches_languages_and_a_coordinator_signs_in_with_a_second_factor(
    live_server: Any, transactional_db: Any, alice: User, browser_page: Any
) -> None:
    page = browser_page
    site = live_server.url
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
    _arrive(page, f"{site}/kk/")
    _screenshot(page, "home-kk")
    for lang, next_lang in [("kk", "ru"), ("ru", "en"), ("en", None)]:
        assert page.url == f"{site}/{lang}/"
        assert page.locator("html").get_attribute("lang") == lang
        heading = page.get_by_role("heading", level=1)
        assert heading.is_visible()
        assert heading.inner_text() == _t(lang, HEADING)
        if lang != "en":
            assert heading.inner_text() != HEADING, f"the {lang} page fell back to English"
        if next_lang:
            switch = page.get_by_role("navigation", name=_t(lang, "Language"))
            switch.locator(f'a[hreflang="{next_lang}"]').click()
            _arrive(page, f"{site}/{next_lang}/")

    account_nav = page.get_by_role("navigation", name=_t("en", "Account"))
    profile_link = account_nav.get_by_role("link", name=alice.get_short_name())

    def sign_in_with_password() -> None:
        account_nav.get_by_role("link", name=_t("en", "Sign in")).click()
        _arrive(page, f"{site}/en/accounts/login/")
        page.locator('input[name="email"]').fill(alice.email)
        page.locator('input[name="password"]').fill(PASSWORD)
        page.locator("main form").get_by_role("button", name=_t("en", "Continue")).click()

    def sign_out() -> None:
        account_nav.get_by_role("button", name=_t("en", "Sign out")).click()
        _arrive(page, f"{site}/en/")
        assert account_nav.get_by_role("link", name=_t("en", "Sign in")).is_visible()
        assert page.get_by_text(_t("en", "You have signed out.")).is_visible()

    # First sign-in: a coordinator without a second factor must set one up before anything else.
    sign_in_with_password()
    _arrive(page, f"{site}/en/accounts/2fa/setup/?next=%2Fen%2F")
    qr = page.locator(".qr svg")
    assert qr.is_visible()
    # An app can scan the code only if all of it is drawn, none of it cut off by its box.
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
    page.locator("main form").get_by_role("button", name=_t("en", "Confirm")).click()
    page.locator("#recovery-codes").wait_for()
    _screenshot(page, "recovery-codes-en")
    assert page.locator("#recovery-codes li").count() == 10
    page.get_by_role("link", name=_t("en", "I have saved them")).click()
    _arrive(page, f"{site}/en/")
    assert profile_link.is_visible()
    sign_out()

    # Second sign-in: password, then a fresh code. django-otp refuses a time step used before.
    sign_in_with_password()
    _arrive(page, f"{site}/en/accounts/login/verify/")
    while int(time.time()) // TOTP_STEP <= enrolled_step:
        time.sleep(0.5)
    code, _step = _totp_now(secret)
    page.locator('input[name="code"]').fill(code)
    page.locator("main form").get_by_role("button", name=_t("en", "Sign in")).click()
    _arrive(page, f"{site}/en/")
    assert profile_link.is_visible()
    assert profile_link.get_attribute("href") == "/en/accounts/"
    sign_out()

    foreign = [url for url in requests if not url.startswith(f"{site}/")]
    assert not foreign, f"requests went to another host: {foreign}"
    assert not failures, f"requests failed: {failures}"
    refused = [
        text for text in console_errors if "Content Security Policy" in text or "Refused to" in text
    ]
    assert not refused, f"the Content Security Policy refused: {refused}"
    assert not console_errors, f"errors in the console: {console_errors}"
