"""Security keys: adding and removing them on the account page, and signing in with one.

The ceremonies run against a software authenticator (tests/authenticator.py), so every signature
and challenge is checked by the real verification code."""

from __future__ import annotations

import json
import time
from importlib import import_module
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from webauthn.helpers import bytes_to_base64url

from qorgau.accounts import services
from qorgau.accounts.models import SecurityKey, User
from qorgau.accounts.tests.authenticator import SoftAuthenticator
from qorgau.accounts.views import PENDING_KEY
from qorgau.accounts.webauthn import LOGIN_STATE_KEY, REGISTER_STATE_KEY
from qorgau.conftest import PASSWORD, sign_in
from qorgau.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _post(client: Client, name: str, body: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    return client.post(
        reverse(name, kwargs=kwargs or None),
        data=json.dumps(body or {}),
        content_type="application/json",
    )


def _register(client: Client, key: SoftAuthenticator, name: str = "YubiKey 5") -> Any:
    options = _post(client, "accounts:key-register-begin").json()
    return _post(
        client, "accounts:key-register-finish", {"name": name, "credential": key.create(options)}
    )


def _enrol(user: User, key: SoftAuthenticator, name: str = "YubiKey 5") -> SecurityKey:
    return SecurityKey.objects.create(
        user=user, name=name, credential_id=key.credential_id, public_key=key.cose_public_key
    )


def _password_step(client: Client, user: User, next_url: str = "") -> None:
    data = {"email": user.email, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    response = client.post(reverse("accounts:login"), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login-verify")


def _key_step(client: Client, key: SoftAuthenticator) -> Any:
    options = _post(client, "accounts:key-login-begin").json()
    return _post(client, "accounts:key-login-finish", {"credential": key.get(options)})


def _sign_in_with_key(client: Client, user: User, key: SoftAuthenticator) -> Any:
    _password_step(client, user)
    return _key_step(client, key)


# --- Adding a key.


def test_an_anonymous_visitor_cannot_begin_adding_a_key(client: Client) -> None:
    response = _post(client, "accounts:key-register-begin")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "login"


def test_adding_a_key_asks_to_confirm_identity_first(login_as: Any, alice: User) -> None:
    client = login_as(alice, recent=False)
    response = _post(client, "accounts:key-register-begin")
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "reauth"
    assert error["message"]
    target = urlsplit(error["redirect"])
    assert target.path == reverse("accounts:reauth")
    assert parse_qs(target.query)["next"] == [reverse("accounts:profile")]
    assert REGISTER_STATE_KEY not in client.session


def test_adding_a_key_is_only_by_post(login_as: Any, alice: User) -> None:
    response = login_as(alice).get(reverse("accounts:key-register-begin"))
    assert response.status_code == 405


def test_begin_excludes_keys_already_registered_and_keeps_the_challenge(
    login_as: Any, alice: User, bob: User
) -> None:
    own = SoftAuthenticator()
    _enrol(alice, own)
    _enrol(bob, SoftAuthenticator())
    client = login_as(alice)
    response = _post(client, "accounts:key-register-begin")
    assert response.status_code == 200
    options = response.json()
    assert options["rp"] == {"name": "Qorgau", "id": "testserver"}
    assert options["user"]["name"] == alice.email
    assert [item["id"] for item in options["excludeCredentials"]] == [
        bytes_to_base64url(own.credential_id)
    ]
    assert client.session[REGISTER_STATE_KEY]["challenge"] == options["challenge"]


def test_a_key_is_added_after_a_real_ceremony(login_as: Any, charlie: User) -> None:
    client = login_as(charlie)
    authenticator = SoftAuthenticator()
    response = _register(client, authenticator, name="  Blue key on my keyring  ")
    assert response.status_code == 201
    key = SecurityKey.objects.get(user=charlie)
    assert key.name == "Blue key on my keyring"
    assert bytes(key.credential_id) == authenticator.credential_id
    assert bytes(key.public_key) == authenticator.cose_public_key
    assert AuditEvent.objects.filter(
        actor=charlie, action=AuditEvent.Action.KEY_ADD, object_id=str(key.pk)
    ).exists()
    assert REGISTER_STATE_KEY not in client.session


def test_a_long_key_name_is_cut_to_eighty_characters(login_as: Any, charlie: User) -> None:
    response = _register(login_as(charlie), SoftAuthenticator(), name="x" * 200)
    assert response.status_code == 201
    assert SecurityKey.objects.get(user=charlie).name == "x" * 80


def test_a_key_answering_for_another_site_is_refused(login_as: Any, charlie: User) -> None:
    phished = SoftAuthenticator(origin="https://qorgau.example.net")
    response = _register(login_as(charlie), phished)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "refused"
    assert not SecurityKey.objects.exists()


def test_finishing_without_beginning_is_refused(login_as: Any, charlie: User) -> None:
    options = {"challenge": bytes_to_base64url(b"made up by the client")}
    body = {"name": "Key", "credential": SoftAuthenticator().create(options)}
    response = _post(login_as(charlie), "accounts:key-register-finish", body)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "expired"
    assert not SecurityKey.objects.exists()


def test_one_registration_answer_cannot_be_used_twice(login_as: Any, charlie: User) -> None:
    client = login_as(charlie)
    options = _post(client, "accounts:key-register-begin").json()
    body = {"name": "Key", "credential": SoftAuthenticator().create(options)}
    assert _post(client, "accounts:key-register-finish", body).status_code == 201
    again = _post(client, "accounts:key-register-finish", body)
    assert again.status_code == 400
    assert again.json()["error"]["code"] == "expired"
    assert SecurityKey.objects.count() == 1


def test_the_same_key_cannot_be_registered_twice(login_as: Any, charlie: User) -> None:
    client = login_as(charlie)
    authenticator = SoftAuthenticator()
    assert _register(client, authenticator).status_code == 201
    response = _register(client, authenticator)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "duplicate"
    assert SecurityKey.objects.count() == 1


# --- Removing a key.


def test_someone_elses_key_cannot_be_removed(login_as: Any, alice: User, bob: User) -> None:
    key = _enrol(bob, SoftAuthenticator())
    response = login_as(alice).post(reverse("accounts:key-remove", args=[key.pk]))
    assert response.status_code == 404
    assert SecurityKey.objects.filter(pk=key.pk).exists()


def test_removing_a_key_asks_to_confirm_identity_first(login_as: Any, charlie: User) -> None:
    key = _enrol(charlie, SoftAuthenticator())
    response = login_as(charlie, recent=False).post(reverse("accounts:key-remove", args=[key.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:reauth"))
    assert SecurityKey.objects.filter(pk=key.pk).exists()


def test_a_member_removes_their_only_key(login_as: Any, charlie: User) -> None:
    key = _enrol(charlie, SoftAuthenticator())
    client = login_as(charlie, verified=False)
    response = client.post(reverse("accounts:key-remove", args=[key.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    assert not SecurityKey.objects.filter(pk=key.pk).exists()
    assert AuditEvent.objects.filter(
        actor=charlie, action=AuditEvent.Action.KEY_REMOVE, object_id=str(key.pk)
    ).exists()


def test_staff_with_an_authenticator_app_may_remove_their_only_key(
    login_as: Any, alice: User
) -> None:
    key = _enrol(alice, SoftAuthenticator())
    client = login_as(alice)  # signs in with a confirmed authenticator app
    client.post(reverse("accounts:key-remove", args=[key.pk]))
    assert not SecurityKey.objects.filter(pk=key.pk).exists()


def test_staff_cannot_remove_their_last_second_factor(client: Client, alice: User) -> None:
    authenticator = SoftAuthenticator()
    key = _enrol(alice, authenticator)
    assert _sign_in_with_key(client, alice, authenticator).status_code == 200
    response = client.post(reverse("accounts:key-remove", args=[key.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    assert SecurityKey.objects.filter(pk=key.pk).exists()
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.KEY_REMOVE).exists()


def test_staff_with_two_keys_may_remove_one(client: Client, alice: User) -> None:
    authenticator = SoftAuthenticator()
    _enrol(alice, authenticator)
    spare = _enrol(alice, SoftAuthenticator(), name="Spare")
    _sign_in_with_key(client, alice, authenticator)
    client.post(reverse("accounts:key-remove", args=[spare.pk]))
    assert list(alice.security_keys.values_list("name", flat=True)) == ["YubiKey 5"]


# --- Signing in with a key.


def test_signing_in_with_a_key_needs_the_password_step_first(client: Client, alice: User) -> None:
    _enrol(alice, SoftAuthenticator())
    response = _post(client, "accounts:key-login-begin")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "no_pending"
    assert error["redirect"] == reverse("accounts:login")


def test_begin_asks_for_the_pending_users_keys_only(client: Client, alice: User, bob: User) -> None:
    own = SoftAuthenticator()
    _enrol(alice, own)
    _enrol(bob, SoftAuthenticator())
    _password_step(client, alice)
    response = _post(client, "accounts:key-login-begin")
    assert response.status_code == 200
    options = response.json()
    assert options["rpId"] == "testserver"
    assert [item["id"] for item in options["allowCredentials"]] == [
        bytes_to_base64url(own.credential_id)
    ]
    assert client.session[LOGIN_STATE_KEY]["challenge"] == options["challenge"]


def test_a_staff_member_signs_in_with_a_key(client: Client, alice: User) -> None:
    authenticator = SoftAuthenticator()
    key = _enrol(alice, authenticator)
    _password_step(client, alice, next_url="/en/accounts/tokens/")
    response = _key_step(client, authenticator)
    assert response.status_code == 200
    assert response.json() == {"redirect": "/en/accounts/tokens/"}
    session = client.session
    assert session["_auth_user_id"] == str(alice.pk)
    assert PENDING_KEY not in session
    marker = StaticDevice.objects.get(user=alice, name="webauthn")
    assert session[DEVICE_ID_SESSION_KEY] == marker.persistent_id
    assert not marker.token_set.exists()
    key.refresh_from_db()
    assert key.sign_count == 1
    assert key.last_used_at is not None
    login = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN, actor=alice)
    assert login.context == {"method": "webauthn"}
    # The staff middleware counts the session as verified: the account page opens.
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_an_answer_to_another_challenge_is_refused_and_counted(client: Client, alice: User) -> None:
    authenticator = SoftAuthenticator()
    _enrol(alice, authenticator)
    _password_step(client, alice)
    options = _post(client, "accounts:key-login-begin").json()
    forged = authenticator.get(options, challenge=bytes_to_base64url(b"another challenge"))
    response = _post(client, "accounts:key-login-finish", {"credential": forged})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "refused"
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.LOGIN_FAILED, object_id=str(alice.pk)
    ).exists()


def test_a_replayed_answer_is_refused(client: Client, alice: User) -> None:
    authenticator = SoftAuthenticator()
    _enrol(alice, authenticator)
    _password_step(client, alice)
    options = _post(client, "accounts:key-login-begin").json()
    answer = authenticator.get(options)
    assert _post(client, "accounts:key-login-finish", {"credential": answer}).status_code == 200
    client.post(reverse("accounts:logout"))

    _password_step(client, alice)
    _post(client, "accounts:key-login-begin")
    response = _post(client, "accounts:key-login-finish", {"credential": answer})
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_a_key_registered_to_someone_else_is_refused(
    client: Client, alice: User, bob: User
) -> None:
    _enrol(alice, SoftAuthenticator())
    bobs = SoftAuthenticator()
    _enrol(bob, bobs)
    _password_step(client, alice)
    response = _key_step(client, bobs)
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_a_paused_account_cannot_sign_in_with_a_key(client: Client, alice: User) -> None:
    authenticator = SoftAuthenticator()
    _enrol(alice, authenticator)
    _password_step(client, alice)
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        services.login_failure_record(email=alice.email, user=alice)
    response = _post(client, "accounts:key-login-begin")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "locked"


# --- The browser side (qorgau/webauthn.js), with Chromium's virtual authenticator.


@pytest.fixture
def key_browser(browser_page: Any) -> Any:
    """The browser with Chromium's virtual security key plugged in."""
    cdp = browser_page.context.new_cdp_session(browser_page)
    cdp.send("WebAuthn.enable")
    options = {
        "protocol": "ctap2",
        "transport": "usb",
        "hasResidentKey": False,
        "hasUserVerification": True,
        "isUserVerified": True,
        "automaticPresenceSimulation": True,
    }
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})
    return browser_page


def _use_session(page: Any, live_server: Any, session_key: str) -> None:
    page.context.clear_cookies()
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": session_key}
    page.context.add_cookies([{**cookie, "url": live_server.url}])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_coordinator_adds_a_key_in_the_browser_and_signs_in_with_it(
    live_server: Any, key_browser: Any, alice: User
) -> None:
    page = key_browser
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))

    # Signed in with the authenticator app a moment ago, so adding a key needs no new password.
    client = sign_in(Client(), alice)
    _use_session(page, live_server, client.session.session_key)
    page.goto("/en/accounts/")
    page.locator("#key-name").fill("Virtual key")
    page.get_by_role("button", name="Add a security key").click()
    # The page reloads with the key listed and a message saying so.
    page.locator("ul.plain li", has_text="Virtual key").wait_for()
    assert page.get_by_text("The security key “Virtual key” is added.").is_visible()
    key = SecurityKey.objects.get(user=alice)
    assert key.name == "Virtual key"

    # Next time: the password step is done, the key answers instead of a code.
    pending = import_module(settings.SESSION_ENGINE).SessionStore()
    pending[PENDING_KEY] = {"user": alice.pk, "at": int(time.time()), "next": "/en/accounts/"}
    pending.create()
    _use_session(page, live_server, pending.session_key)
    page.goto("/en/accounts/login/verify/")
    page.get_by_role("button", name="Use a security key").click()
    page.wait_for_url(f"{live_server.url}/en/accounts/")
    assert page.get_by_role("heading", name="Your account").is_visible()
    key.refresh_from_db()
    assert key.last_used_at is not None
    assert not problems, problems
