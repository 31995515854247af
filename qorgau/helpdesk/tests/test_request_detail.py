"""The coordinator's page of a help request: who may open it, what it shows, replies, downloads,
granting access, and what happens when content was tampered with."""

from __future__ import annotations

import pytest
from django.test import Client

from qorgau.accounts.models import Role, User
from qorgau.conftest import make_user
from qorgau.core.models import AuditEvent
from qorgau.helpdesk.files import prepare
from qorgau.helpdesk.intake import data_key_for_receipt, messages_read
from qorgau.helpdesk.models import EncryptedFile, HelpRequest, RequestKeyGrant, RequestMessage

from .intake_support import (
    give_keys,
    jpeg_with_exif,
    media,  # noqa: F401
    submit,
    unlock,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


def url(request: HelpRequest, suffix: str = "") -> str:
    return f"/en/help/requests/{request.pk}/{suffix}"


@pytest.fixture
def coordinator(alice: User) -> User:
    return give_keys(alice)


def test_a_coordinator_reads_everything_and_the_read_is_audited(
    login_as, coordinator: User
) -> None:
    submitted = submit(
        "Задержан оператор канала",
        name="Ерлан Сапаров",
        contact="Signal +7 700 000 00 00",
        detained=True,
        files=[prepare("photo.jpg", jpeg_with_exif("Camera Man"))],
    )
    client = unlock(login_as(coordinator), coordinator)
    response = client.get(url(submitted.request))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Задержан оператор канала" in html and "Ерлан Сапаров" in html
    assert "Signal +7 700 000 00 00" in html
    assert "someone is detained" in html
    assert "Camera Man" in html and "photo.jpg" in html
    assert response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(
        action=AuditEvent.Action.VIEW, object_type="helpdesk.helprequest"
    )
    assert event.actor == coordinator and event.object_id == str(submitted.request.pk)


def test_others_do_not_learn_that_the_request_exists(login_as, bob: User, charlie: User) -> None:
    submitted = submit()
    for person in (bob, charlie, make_user("observer@qorgau.test", Role.OBSERVER)):
        client = login_as(person)
        for suffix in ("", "files/1/original/"):
            assert client.get(url(submitted.request, suffix)).status_code == 404
        assert client.post(url(submitted.request, "reply/"), {"body": "x"}).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client: Client) -> None:
    submitted = submit()
    response = client.get(url(submitted.request))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_locked_key_asks_for_the_password_again(login_as, coordinator: User) -> None:
    submitted = submit("Секрет")
    response = login_as(coordinator).get(url(submitted.request))
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/encryption/unlock/?next=")
    assert "Секрет" not in response.content.decode()


def test_a_coordinator_who_joined_later_needs_a_grant(login_as, coordinator: User) -> None:
    submitted = submit("Секрет для первых")
    late = give_keys(make_user("late@qorgau.test", Role.COORDINATOR, name="Late Coordinator"))
    page = unlock(login_as(late), late).get(url(submitted.request)).content.decode()
    assert "Секрет для первых" not in page
    assert "must give you access" in page and str(coordinator) in page

    client = unlock(login_as(coordinator), coordinator)
    assert "Late Coordinator" in client.get(url(submitted.request)).content.decode()
    client.post(url(submitted.request, "grant/"), {"user": late.pk})
    grant = RequestKeyGrant.objects.get(user=late)
    assert grant.granted_by == coordinator
    page = unlock(login_as(late), late).get(url(submitted.request)).content.decode()
    assert "Секрет для первых" in page


def test_without_a_key_pair_the_page_says_how_to_get_one(login_as, alice: User) -> None:
    submitted = submit("Секрет")
    page = login_as(alice).get(url(submitted.request)).content.decode()
    assert "You have no encryption key pair yet" in page and "Секрет" not in page


def test_a_reply_reaches_the_requester(login_as, coordinator: User) -> None:
    submitted = submit()
    client = unlock(login_as(coordinator), coordinator)
    response = client.post(url(submitted.request, "reply/"), {"body": "Адвокат свяжется завтра"})
    assert response.status_code == 302
    _request, key = data_key_for_receipt(submitted.code)
    shown = messages_read(help_request=submitted.request, data_key=key)
    assert [m.body for m in shown] == ["Адвокат свяжется завтра"]
    assert shown[0].message.author == coordinator


def test_an_empty_reply_is_refused(login_as, coordinator: User) -> None:
    submitted = submit()
    client = unlock(login_as(coordinator), coordinator)
    response = client.post(url(submitted.request, "reply/"), {"body": ""})
    assert "Write the reply first" in response.content.decode()
    assert not RequestMessage.objects.exists()


def test_downloads_give_the_original_and_the_cleaned_copy(login_as, coordinator: User) -> None:
    original = jpeg_with_exif("Camera Man")
    submitted = submit(files=[prepare("фото.jpg", original)])
    attachment = submitted.request.files.get()
    client = unlock(login_as(coordinator), coordinator)
    got = client.get(url(submitted.request, f"files/{attachment.pk}/original/"))
    assert got.status_code == 200 and got.content == original
    assert got["Content-Type"] == "image/jpeg"
    assert "attachment" in got["Content-Disposition"]
    cleaned = client.get(url(submitted.request, f"files/{attachment.pk}/cleaned/"))
    assert cleaned.status_code == 200 and b"Camera Man" not in cleaned.content
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == 2
    assert client.get(url(submitted.request, f"files/{attachment.pk}/other/")).status_code == 404


def test_tampered_content_gets_a_clear_error_and_nothing_is_lost(
    login_as, coordinator: User
) -> None:
    submitted = submit("Исходный текст", files=[prepare("a.jpg", jpeg_with_exif())])
    client = unlock(login_as(coordinator), coordinator)
    client.post(url(submitted.request, "reply/"), {"body": "Первый ответ"})
    client.post(url(submitted.request, "reply/"), {"body": "Второй ответ"})
    first = RequestMessage.objects.order_by("pk").first()
    broken = bytearray(bytes(first.body))
    broken[-1] ^= 1
    RequestMessage.objects.filter(pk=first.pk).update(body=bytes(broken))
    row = EncryptedFile.objects.get()
    row.path().write_bytes(row.path().read_bytes()[:-5])

    page = client.get(url(submitted.request)).content.decode()
    assert "This message could not be decrypted" in page
    assert "Второй ответ" in page and "Исходный текст" in page
    attachment = submitted.request.files.get()
    download = client.get(url(submitted.request, f"files/{attachment.pk}/original/"))
    assert download.status_code == 409
    assert "This file could not be decrypted" in download.content.decode()

    HelpRequest.objects.filter(pk=submitted.request.pk).update(sealed=b"\x01" + b"0" * 60)
    page = client.get(url(submitted.request)).content.decode()
    assert "The request could not be decrypted" in page and "Второй ответ" in page


def test_a_replaced_key_pair_needs_a_new_grant(login_as, coordinator: User) -> None:
    from qorgau.accounts import keys
    from qorgau.conftest import PASSWORD
    from qorgau.core import crypto

    submitted = submit("Секрет")
    keys.keypair_create(
        user=coordinator, password=PASSWORD, replace=True, cost=crypto.KDF_COSTS["minimum"]
    )
    coordinator.refresh_from_db()
    page = unlock(login_as(coordinator), coordinator).get(url(submitted.request)).content.decode()
    assert "a key pair you no longer have" in page and "Секрет" not in page


def test_the_escrow_key_recovers_a_request(settings) -> None:
    import base64

    from qorgau.core import crypto
    from qorgau.helpdesk.intake import request_content

    public, private = crypto.new_key_pair()
    settings.QORGAU_ESCROW_PUBLIC_KEY = base64.b64encode(public).decode()
    submitted = submit("Для эскроу")
    grant = RequestKeyGrant.objects.get(kind=RequestKeyGrant.Kind.ESCROW)
    key = crypto.unwrap_with(private, bytes(grant.wrapped_key))
    assert request_content(help_request=submitted.request, data_key=key).description == "Для эскроу"
