"""Sign-in: password, second factor, enrolment at first sign-in, lock-out, idle timeout, re-auth."""

import time

import pytest
import time_machine
from django.test import Client
from django.utils import translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from qorgau.accounts import services
from qorgau.accounts.models import User
from qorgau.conftest import PASSWORD
from qorgau.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _code(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def _login(client: Client, email: str, password: str = PASSWORD, lang: str = "en"):
    return client.post(f"/{lang}/accounts/login/", {"email": email, "password": password})


def _enrolled(user: User) -> TOTPDevice:
    device = services.totp_enrolment_start(user=user)
    services.totp_enrolment_confirm(user=user, device=device, code=_code(device))
    device.refresh_from_db()
    device.last_t = -1  # let the next test code in the same 30 s window through
    device.save(update_fields=["last_t"])
    return device


def test_a_member_signs_in_with_a_password_only(client: Client, charlie: User) -> None:
    response = _login(client, "Charlie@Qorgau.test")
    assert response.status_code == 302
    assert client.get("/en/accounts/").status_code == 200
    assert AuditEvent.objects.filter(actor=charlie, action="login").exists()


def test_a_wrong_password_keeps_the_address_and_says_so_in_russian(
    client: Client, charlie: User
) -> None:
    response = _login(client, "charlie@qorgau.test", "wrong password!", lang="ru")
    html = response.content.decode()
    with translation.override("ru"):
        assert translation.gettext("The e-mail address or the password is not right.") in html
    assert 'value="charlie@qorgau.test"' in html
    assert "wrong password!" not in html


def test_staff_without_a_second_factor_must_enrol_before_anything_else(
    client: Client, alice: User
) -> None:
    _login(client, "alice@qorgau.test")
    response = client.get("/en/staff/users/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/2fa/setup/")
    page = client.get("/en/accounts/2fa/setup/")
    assert "<svg" in page.content.decode()


def test_enrolment_confirms_a_code_and_shows_ten_recovery_codes_once(
    client: Client, alice: User
) -> None:
    _login(client, "alice@qorgau.test")
    client.get("/en/accounts/2fa/setup/")
    device = TOTPDevice.objects.get(user=alice, confirmed=False)
    wrong = client.post(
        "/en/accounts/2fa/setup/", {"code": "000000" if _code(device) != "000000" else "111111"}
    )
    assert "does not match" in wrong.content.decode()
    # django-otp slows down guessing after a failure; a person would simply try again a moment later.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    response = client.post("/en/accounts/2fa/setup/", {"code": _code(device)})
    assert response.content.decode().count("<li><code>") == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/en/accounts/").status_code == 200
    assert AuditEvent.objects.filter(actor=alice, action="otp_enrol").exists()


def test_staff_with_a_second_factor_are_not_signed_in_by_the_password_alone(
    client: Client, bob: User
) -> None:
    device = _enrolled(bob)
    response = _login(client, "bob@qorgau.test")
    assert response["Location"] == "/en/accounts/login/verify/"
    assert client.get("/en/accounts/").status_code == 302
    response = client.post("/en/accounts/login/verify/", {"code": _code(device)})
    assert response.status_code == 302
    assert client.get("/en/accounts/").status_code == 200


def test_a_recovery_code_works_once(client: Client, bob: User) -> None:
    _enrolled(bob)
    code = services.recovery_codes_regenerate(user=bob)[0]
    _login(client, "bob@qorgau.test")
    client.post("/en/accounts/login/verify/", {"code": code.upper()})
    assert client.get("/en/accounts/").status_code == 200
    assert services.recovery_codes_left(bob) == 9
    client.post("/en/accounts/logout/")
    _login(client, "bob@qorgau.test")
    response = client.post("/en/accounts/login/verify/", {"code": code})
    assert "not right" in response.content.decode()


def test_recovery_codes_are_not_stored_in_clear(bob: User) -> None:
    from django_otp.plugins.otp_static.models import StaticToken

    codes = services.recovery_codes_regenerate(user=bob)
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert not any(services.normalise_recovery_code(code) in stored for code in codes)


def test_repeated_failures_lock_the_account_not_the_address(client: Client, charlie: User) -> None:
    for _ in range(5):
        _login(client, "charlie@qorgau.test", "not the password")
    response = _login(Client(), "charlie@qorgau.test")  # right password, another "device"
    assert "paused" in response.content.decode()
    assert client.get("/en/accounts/").status_code == 302
    assert AuditEvent.objects.filter(action="locked_out").exists()
    # Another account from the same client is unaffected.
    other = User.objects.create_user(email="other@qorgau.test", password=PASSWORD)
    assert _login(client, other.email).status_code == 302


def test_an_unknown_address_gets_the_same_lock_out_as_a_real_one(client: Client) -> None:
    for _ in range(5):
        response = _login(client, "nobody@qorgau.test", "whatever password")
    assert "paused" in response.content.decode()


def test_the_lock_lifts_after_the_wait(client: Client, charlie: User) -> None:
    with time_machine.travel("2026-11-22 10:00 +05:00", tick=False) as traveller:
        for _ in range(5):
            _login(client, "charlie@qorgau.test", "not the password")
        assert "paused" in _login(client, "charlie@qorgau.test").content.decode()
        traveller.shift(61)
        assert _login(client, "charlie@qorgau.test").status_code == 302


def test_staff_are_signed_out_after_an_idle_hour(login_as, bob: User) -> None:
    with time_machine.travel(time.time(), tick=False) as traveller:
        client = login_as(bob)
        assert client.get("/en/accounts/").status_code == 200
        traveller.shift(59 * 60)
        assert client.get("/en/accounts/").status_code == 200
        traveller.shift(61 * 60)
        response = client.get("/en/accounts/")
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/")


def test_members_are_not_timed_out_after_an_hour(login_as, charlie: User) -> None:
    with time_machine.travel(time.time(), tick=False) as traveller:
        client = login_as(charlie, verified=False)
        client.get("/en/accounts/")
        traveller.shift(2 * 3600)
        assert client.get("/en/accounts/").status_code == 200


def test_reauthentication_asks_for_password_and_code(login_as, bob: User) -> None:
    device = _enrolled(bob)
    client = login_as(bob, recent=False)
    response = client.get("/en/accounts/tokens/new/")
    assert response["Location"] == "/en/accounts/reauth/?next=%2Fen%2Faccounts%2Ftokens%2Fnew%2F"
    bad = client.post("/en/accounts/reauth/", {"password": PASSWORD, "code": "12"})
    assert "not right" in bad.content.decode()
    good = client.post(
        "/en/accounts/reauth/",
        {"password": PASSWORD, "code": _code(device), "next": "/en/accounts/tokens/new/"},
    )
    assert good["Location"] == "/en/accounts/tokens/new/"
    assert client.get("/en/accounts/tokens/new/").status_code == 200


def test_reauthentication_refuses_a_foreign_next_address(login_as, charlie: User) -> None:
    client = login_as(charlie, verified=False, recent=False)
    response = client.post(
        "/en/accounts/reauth/", {"password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/en/"


def test_sign_out_needs_a_post_and_is_audited(login_as, charlie: User) -> None:
    client = login_as(charlie)
    assert client.get("/en/accounts/logout/").status_code == 405
    client.post("/en/accounts/logout/")
    assert client.get("/en/accounts/").status_code == 302
    assert AuditEvent.objects.filter(actor=charlie, action="logout").exists()


def test_password_reset_sends_a_link_that_sets_a_new_password(
    client: Client, charlie: User, mailoutbox
) -> None:
    client.post("/ru/accounts/password/reset/", {"email": "charlie@qorgau.test"})
    assert len(mailoutbox) == 1
    link = next(
        line for line in mailoutbox[0].body.splitlines() if "/accounts/password/reset/" in line
    )
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    new = "a river runs through almaty"
    client.post(set_url, {"new_password1": new, "new_password2": new})
    charlie.refresh_from_db()
    assert charlie.check_password(new)


def test_password_reset_does_not_reveal_whether_an_account_exists(
    client: Client, mailoutbox
) -> None:
    response = client.post("/en/accounts/password/reset/", {"email": "nobody@qorgau.test"})
    assert response["Location"] == "/en/accounts/password/reset/sent/"
    assert mailoutbox == []
