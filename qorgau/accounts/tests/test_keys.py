"""Encryption key pairs: created with the password, opened at sign-in and kept only sealed in the
session, under a key that lives in the browser's cookie alone; password change, reset, recovery."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from django.contrib.auth import get_user
from django.contrib.messages import get_messages
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from qorgau.accounts import keys
from qorgau.accounts.models import User, UserKeyPair
from qorgau.conftest import PASSWORD
from qorgau.core import crypto
from qorgau.core.models import AuditEvent

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a river runs through almaty"
COOKIE = "qorgau_keys"  # tests run without HTTPS: production's name is __Host-qorgau_keys


def private_key_of(user: User, password: str = PASSWORD) -> bytes:
    return crypto.unwrap_with_secret(
        password, bytes(user.keypair.private_under_password), context=keys.CONTEXT_PASSWORD
    )


def request_like(client: Client, user: User, *, with_cookie: bool = True) -> Any:
    """A request carrying this browser's session and (optionally) its key cookie."""
    request = RequestFactory().get("/")
    request.session = client.session
    request.user = get_user(request)
    assert request.user == user
    if with_cookie and COOKIE in client.cookies:
        request.COOKIES[COOKIE] = client.cookies[COOKIE].value
    return request


def sign_in(client: Client, email: str, password: str = PASSWORD) -> Any:
    return client.post("/en/accounts/login/", {"email": email, "password": password})


def encodings(secret: bytes) -> list[bytes]:
    return [
        secret,
        secret.hex().encode(),
        base64.b64encode(secret),
        base64.urlsafe_b64encode(secret),
        base64.b64encode(secret).rstrip(b"="),
    ]


def database_bytes() -> bytes:
    """Every value of every table, as bytes: what a seized database would show."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from the schema
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, (bytes, memoryview)):
                        chunks.append(bytes(value))
                    elif value is not None:
                        chunks.append(str(value).encode())
    return b"\n".join(chunks)


@pytest.fixture
def charlie_keys(charlie: User) -> str:
    return keys.keypair_create(user=charlie, password=PASSWORD)


# --- the service


def test_a_key_pair_is_created_with_a_recovery_key_shown_once(charlie: User) -> None:
    recovery_key = keys.keypair_create(user=charlie, password=PASSWORD)
    assert len(recovery_key) == 29
    assert recovery_key.count("-") == 4
    assert keys.has_keypair(charlie)
    public = keys.public_key_of(charlie)
    assert public is not None
    assert crypto.public_key_from_private(private_key_of(charlie)) == public
    assert recovery_key.encode() not in database_bytes()
    assert AuditEvent.objects.filter(actor=charlie, object_type="accounts.userkeypair").exists()


def test_nobody_gets_a_second_key_pair_by_accident(charlie: User, charlie_keys: str) -> None:
    with pytest.raises(keys.KeyPairError):
        keys.keypair_create(user=charlie, password=PASSWORD)


def test_people_without_keys_have_no_public_key(charlie: User) -> None:
    assert not keys.has_keypair(charlie)
    assert keys.public_key_of(charlie) is None


def test_the_database_holds_no_private_key_in_the_clear(charlie: User, charlie_keys: str) -> None:
    private = private_key_of(charlie)
    dump = database_bytes()
    assert bytes(charlie.keypair.public_key) in dump  # the dump does see key material
    for form in encodings(private):
        assert form not in dump


def test_the_recovery_key_opens_the_pair_however_it_is_typed(
    charlie: User, charlie_keys: str
) -> None:
    private = private_key_of(charlie)
    sloppy = charlie_keys.lower().replace("-", " ").replace("0", "o")
    keys.keypair_recover(user=charlie, recovery_key=sloppy, new_password=NEW_PASSWORD)
    charlie.refresh_from_db()
    assert private_key_of(charlie, NEW_PASSWORD) == private


def test_a_wrong_recovery_key_changes_nothing(charlie: User, charlie_keys: str) -> None:
    before = bytes(charlie.keypair.private_under_password)
    wrong = "0" * 25
    with pytest.raises(keys.KeyPairError):
        keys.keypair_recover(user=charlie, recovery_key=wrong, new_password=NEW_PASSWORD)
    charlie.keypair.refresh_from_db()
    assert bytes(charlie.keypair.private_under_password) == before


def test_the_escrow_key_recovers_a_pair_and_hands_out_a_new_recovery_key(charlie: User) -> None:
    escrow_public, escrow_private = crypto.new_key_pair()
    with override_settings(QORGAU_ESCROW_PUBLIC_KEY=base64.b64encode(escrow_public).decode()):
        old_recovery = keys.keypair_create(user=charlie, password=PASSWORD)
    private = private_key_of(charlie)
    new_recovery = keys.keypair_escrow_recover(user=charlie, escrow_private_key=escrow_private)
    charlie.refresh_from_db()
    assert charlie.keypair.needs_recovery  # the person sets it under their password again
    with pytest.raises(keys.KeyPairError):
        keys.keypair_recover(user=charlie, recovery_key=old_recovery, new_password=NEW_PASSWORD)
    keys.keypair_recover(user=charlie, recovery_key=new_recovery, new_password=NEW_PASSWORD)
    charlie.refresh_from_db()
    assert private_key_of(charlie, NEW_PASSWORD) == private


def test_without_an_escrow_setting_no_escrow_copy_is_kept(charlie: User) -> None:
    with override_settings(QORGAU_ESCROW_PUBLIC_KEY=""):
        keys.keypair_create(user=charlie, password=PASSWORD)
    assert bytes(charlie.keypair.private_under_escrow) == b""
    with pytest.raises(keys.KeyPairError):
        keys.keypair_escrow_recover(user=charlie, escrow_private_key=crypto.new_key_pair()[1])


# --- sign-in, session and cookie


def test_signing_in_opens_the_keys_for_the_session(
    client: Client, charlie: User, charlie_keys: str
) -> None:
    response = sign_in(client, "charlie@qorgau.test")
    assert response.status_code == 302
    cookie = response.cookies[COOKIE]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert keys.private_key_for(request_like(client, charlie)) == private_key_of(charlie)


def test_the_session_store_holds_no_private_key_in_the_clear(
    client: Client, charlie: User, charlie_keys: str
) -> None:
    sign_in(client, "charlie@qorgau.test")
    private = private_key_of(charlie)
    stored = Session.objects.get(session_key=client.session.session_key)
    decoded = str(stored.get_decoded()).encode()
    for form in encodings(private):
        assert form not in stored.session_data.encode()
        assert form not in decoded
        assert form not in database_bytes()
    assert keys.SESSION_KEY in stored.get_decoded()


def test_the_session_alone_does_not_open_the_keys(
    client: Client, charlie: User, charlie_keys: str
) -> None:
    sign_in(client, "charlie@qorgau.test")
    assert keys.private_key_for(request_like(client, charlie, with_cookie=False)) is None


def test_a_cookie_from_another_sign_in_does_not_open_the_keys(
    charlie: User, charlie_keys: str
) -> None:
    first, second = Client(), Client()
    sign_in(first, "charlie@qorgau.test")
    sign_in(second, "charlie@qorgau.test")
    request = request_like(first, charlie, with_cookie=False)
    request.COOKIES[COOKIE] = second.cookies[COOKIE].value
    assert keys.private_key_for(request) is None


def test_the_unlocked_key_belongs_to_the_person_signed_in(
    client: Client, charlie: User, bob: User, charlie_keys: str
) -> None:
    sign_in(client, "charlie@qorgau.test")
    request = request_like(client, charlie)
    request.user = bob
    assert keys.private_key_for(request) is None


def test_signing_out_forgets_the_keys_and_deletes_the_cookie(
    client: Client, charlie: User, charlie_keys: str
) -> None:
    sign_in(client, "charlie@qorgau.test")
    response = client.post("/en/accounts/logout/")
    assert response.cookies[COOKIE].value == ""
    assert keys.SESSION_KEY not in client.session


def test_a_stale_cookie_without_keys_in_the_session_is_deleted(client: Client) -> None:
    client.cookies[COOKIE] = "left-over"
    response = client.get("/en/")
    assert response.cookies[COOKIE].value == ""


def test_signing_in_without_keys_sets_no_cookie(client: Client, charlie: User) -> None:
    response = sign_in(client, "charlie@qorgau.test")
    assert COOKIE not in response.cookies


def test_a_staff_member_with_a_second_factor_gets_the_keys_after_both_steps(
    client: Client, alice: User
) -> None:
    from django_otp.oath import totp

    from qorgau.accounts import services

    keys.keypair_create(user=alice, password=PASSWORD)
    device = services.totp_enrolment_start(user=alice)
    services.totp_enrolment_confirm(
        user=alice,
        device=device,
        code=f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}",
    )
    device.refresh_from_db()
    device.last_t = -1
    device.save(update_fields=["last_t"])
    assert sign_in(client, "alice@qorgau.test")["Location"] == "/en/accounts/login/verify/"
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    client.post("/en/accounts/login/verify/", {"code": code})
    assert keys.private_key_for(request_like(client, alice)) == private_key_of(alice)


# --- pages


def test_the_unlock_page_opens_the_keys_and_goes_on(
    login_as: Any, charlie: User, charlie_keys: str
) -> None:
    client = login_as(charlie)
    url = reverse("accounts:unlock-keys") + "?next=/en/accounts/tokens/"
    assert client.get(url).status_code == 200
    wrong = client.post(url, {"password": "not my password at all"})
    assert "This password is not right." in wrong.content.decode()
    assert keys.private_key_for(request_like(client, charlie)) is None
    response = client.post(url, {"password": PASSWORD})
    assert response["Location"] == "/en/accounts/tokens/"
    assert keys.private_key_for(request_like(client, charlie)) == private_key_of(charlie)


def test_the_unlock_page_refuses_to_send_people_to_another_site(
    login_as: Any, charlie: User, charlie_keys: str
) -> None:
    client = login_as(charlie)
    url = reverse("accounts:unlock-keys") + "?next=https://evil.example/"
    response = client.post(url, {"password": PASSWORD})
    assert response["Location"] == reverse("accounts:profile")


def test_a_staff_member_creates_keys_and_sees_the_recovery_key_once(
    login_as: Any, bob: User
) -> None:
    client = login_as(bob)
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert "You have no encryption keys yet." in profile
    wrong = client.post(reverse("accounts:keypair-create"), {"password": "nope nope nope"})
    assert "This password is not right." in wrong.content.decode()
    assert not keys.has_keypair(bob)
    page = client.post(reverse("accounts:keypair-create"), {"password": PASSWORD})
    html = page.content.decode()
    assert 'id="recovery-key"' in html
    bob.refresh_from_db()
    assert keys.has_keypair(bob)
    assert keys.private_key_for(request_like(client, bob)) == private_key_of(bob)
    # created once: the page now sends people back to their account
    assert client.get(reverse("accounts:keypair-create"))["Location"] == reverse("accounts:profile")
    assert (
        "Your keys are open in this browser session."
        in client.get(reverse("accounts:profile")).content.decode()
    )


def test_confirming_the_recovery_key_is_recorded(login_as: Any, bob: User) -> None:
    keys.keypair_create(user=bob, password=PASSWORD)
    client = login_as(bob)
    unticked = client.post(reverse("accounts:keypair-confirm"), {})
    assert [m.level_tag for m in get_messages(unticked.wsgi_request)] == ["warning"]
    assert UserKeyPair.objects.get(user=bob).recovery_confirmed_at is None
    client.post(reverse("accounts:keypair-confirm"), {"written_down": "on"})
    assert UserKeyPair.objects.get(user=bob).recovery_confirmed_at is not None


def test_members_do_not_create_keys(login_as: Any, charlie: User) -> None:
    client = login_as(charlie)
    assert client.get(reverse("accounts:keypair-create")).status_code == 403
    assert "Encryption keys" not in client.get(reverse("accounts:profile")).content.decode()


def test_changing_the_password_rewraps_the_private_key(
    client: Client, charlie: User, charlie_keys: str
) -> None:
    sign_in(client, "charlie@qorgau.test")
    private = private_key_of(charlie)
    client.post(
        "/en/accounts/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    charlie.refresh_from_db()
    assert charlie.check_password(NEW_PASSWORD)
    assert private_key_of(charlie, NEW_PASSWORD) == private
    with pytest.raises(crypto.DecryptionFailed):
        private_key_of(charlie, PASSWORD)
    assert keys.private_key_for(request_like(client, charlie)) == private  # still open


def test_a_password_reset_locks_the_keys_until_the_recovery_key_is_typed(
    client: Client, charlie: User, charlie_keys: str, mailoutbox: Any
) -> None:
    private = private_key_of(charlie)
    client.post("/en/accounts/password/reset/", {"email": "charlie@qorgau.test"})
    link = next(line for line in mailoutbox[0].body.splitlines() if "/password/reset/" in line)
    set_url = client.get(link.split("testserver", 1)[1], follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    charlie.refresh_from_db()
    assert charlie.keypair.needs_recovery
    assert private.hex() not in str(bytes(charlie.keypair.private_under_password))

    response = sign_in(client, "charlie@qorgau.test", NEW_PASSWORD)
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["warning"]
    assert keys.private_key_for(request_like(client, charlie)) is None
    unlock = client.get(reverse("accounts:unlock-keys"))
    assert unlock["Location"].startswith(reverse("accounts:keypair-recover"))

    recover = reverse("accounts:keypair-recover")
    wrong = client.post(recover, {"recovery_key": "0" * 25, "password": NEW_PASSWORD})
    assert "This recovery key does not open your keys." in wrong.content.decode()
    page = client.post(recover, {"recovery_key": charlie_keys, "password": NEW_PASSWORD})
    html = page.content.decode()
    assert "Your keys are open again." in html
    assert charlie_keys not in html  # a new recovery key replaces the one typed
    charlie.refresh_from_db()
    assert private_key_of(charlie, NEW_PASSWORD) == private
    assert keys.private_key_for(request_like(client, charlie)) == private
    with pytest.raises(keys.KeyPairError):
        keys.keypair_recover(user=charlie, recovery_key=charlie_keys, new_password=NEW_PASSWORD)


def test_a_new_recovery_key_needs_the_keys_open(
    login_as: Any, charlie: User, charlie_keys: str
) -> None:
    client = login_as(charlie)
    locked = client.post(reverse("accounts:keypair-recovery-new"))
    assert locked["Location"].startswith(reverse("accounts:unlock-keys"))
    client.post(reverse("accounts:unlock-keys"), {"password": PASSWORD})
    page = client.post(reverse("accounts:keypair-recovery-new"))
    assert 'id="recovery-key"' in page.content.decode()
    with pytest.raises(keys.KeyPairError):
        keys.keypair_recover(user=charlie, recovery_key=charlie_keys, new_password=PASSWORD)


def test_confirming_identity_again_also_opens_the_keys(
    login_as: Any, charlie: User, charlie_keys: str
) -> None:
    client = login_as(charlie, verified=False, recent=False)
    client.post(reverse("accounts:reauth"), {"password": PASSWORD})
    assert keys.private_key_for(request_like(client, charlie)) == private_key_of(charlie)


def test_demo_staff_have_keys_opened_by_the_demo_password(client: Client) -> None:
    from qorgau.accounts import demo

    demo.load()
    bob = User.objects.get(email="bob@qorgau.test")
    charlie = User.objects.get(email="charlie@qorgau.test")
    assert keys.has_keypair(bob)
    assert not keys.has_keypair(charlie)  # a member has no cases to read
    crypto.unwrap_with_secret(
        demo.DEMO_PASSWORD,
        bytes(bob.keypair.private_under_password),
        context=keys.CONTEXT_PASSWORD,
    )
    keys.keypair_recover(
        user=bob, recovery_key=demo.RECOVERY_KEYS["bob"], new_password=demo.DEMO_PASSWORD
    )
    assert any("bob" in line and demo.RECOVERY_KEYS["bob"] in line for line in demo.summary())


def test_the_key_pages_speak_kazakh_and_russian(login_as: Any, bob: User) -> None:
    from django.utils import translation

    client = login_as(bob)
    for lang in ("kk", "ru"):
        html = client.get(f"/{lang}/accounts/").content.decode()
        page = client.get(f"/{lang}/accounts/encryption/new/").content.decode()
        with translation.override(lang):
            heading = translation.gettext("Encryption keys")
            title = translation.gettext("Create your encryption keys")
        assert heading != "Encryption keys"
        assert heading in html
        assert title in page
