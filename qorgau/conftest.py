"""The named cast of the test suite (STYLE.md): alice the coordinator, bob the lawyer,
charlie the member who may see nothing staff see, dana the administrator."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from qorgau.accounts.models import Role, User, UserRole
from qorgau.core.permissions import REAUTH_SESSION_KEY

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _english_outside_requests() -> Iterator[None]:
    """Code called outside a request speaks English in tests, whichever test ran before (a
    request leaves its language active on the thread; without this a test's messages would
    depend on the order tests run in). Requests still choose their language as always."""
    with translation.override("en"):
        yield


def make_user(email: str, *roles: str, name: str = "") -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, full_name=name)
    UserRole.objects.bulk_create([UserRole(user=user, role=role) for role in roles])
    return user


@pytest.fixture
def alice(db: Any) -> User:
    return make_user("alice@qorgau.test", Role.COORDINATOR, name="Әлия Нұрланқызы")


@pytest.fixture
def bob(db: Any) -> User:
    return make_user("bob@qorgau.test", Role.LAWYER, name="Болат Ермеков")


@pytest.fixture
def charlie(db: Any) -> User:
    return make_user("charlie@qorgau.test", Role.MEMBER, name="Charlie Member")


@pytest.fixture
def dana(db: Any) -> User:
    return make_user("dana@qorgau.test", Role.ADMIN, name="Дана Серікқызы")


def sign_in(client: Client, user: User, *, verified: bool = True, recent: bool = True) -> Client:
    """Sign in as if through the login pages: password, then (for staff) the second factor."""
    client.force_login(user)
    session = client.session
    if verified:
        device, _created = TOTPDevice.objects.get_or_create(
            user=user, name="authenticator", confirmed=True
        )
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    if recent:
        import time

        session[REAUTH_SESSION_KEY] = int(time.time())
    session.save()
    return client


@pytest.fixture
def login_as(client: Client) -> Any:
    def _login(user: User, **kwargs: Any) -> Client:
        return sign_in(client, user, **kwargs)

    return _login


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


@pytest.fixture
def browser_page(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A tab of Debian's Chromium on the live server, speaking Kazakh; skipped without Chromium.
    Request it after the fixtures that write to the database."""
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        pytest.skip("Chromium is not installed: apt-get install chromium (.ci/run does it)")
    # Playwright's sync API runs an event loop in this thread, and Django refuses the ORM there.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from django.db import connections
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
            # The ORM used inside Playwright's loop has a connection of its own: close it, or
            # PostgreSQL refuses to drop the test database.
            connections.close_all()
