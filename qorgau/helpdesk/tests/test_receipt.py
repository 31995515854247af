"""Receipt codes and the requester's return page: typing the code, reading answers, writing back,
adding files, and the limits on guessing."""

from __future__ import annotations

import math
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from qorgau.accounts.models import User
from qorgau.helpdesk import receipts
from qorgau.helpdesk.intake import (
    ReceiptExpiredError,
    ReceiptNotFoundError,
    data_key_for_receipt,
    message_send,
)
from qorgau.helpdesk.models import HelpRequest, RequestKeyGrant, RequestMessage

from .intake_support import media, pdf_with_author, submit  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]

STATUS = "/en/help/status/"


def test_a_code_has_a_hundred_random_bits_in_four_groups() -> None:
    code = receipts.new_code()
    assert re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}", code)
    assert math.log2(len(receipts.ALPHABET)) * receipts.CODE_LENGTH >= 100
    assert not set(code) & set("ILOU")
    assert len({receipts.new_code() for _ in range(200)}) == 200


def test_a_code_is_read_back_however_it_is_written() -> None:
    submitted = submit()
    code = submitted.code
    messy = " " + code.lower().replace("-", " ").replace("0", "o").replace("1", "l") + " "
    found, _key = data_key_for_receipt(messy)
    assert found == submitted.request


def test_only_a_slow_hash_of_the_code_is_stored() -> None:
    submitted = submit()
    row = HelpRequest.objects.get()
    canonical = submitted.code.replace("-", "")
    assert canonical not in row.receipt_lookup and submitted.code not in row.receipt_lookup
    assert len(row.receipt_lookup) == 64


def open_request(client: Client, code: str) -> object:
    return client.post(STATUS, {"code": code})


def test_the_code_opens_the_request_and_never_appears_in_an_address(client: Client) -> None:
    submitted = submit("Редакцию оштрафовали", forum="administrative")
    response = open_request(client, submitted.code)
    assert response.status_code == 302 and response["Location"] == STATUS
    page = client.get(STATUS)
    html = page.content.decode()
    assert "Редакцию оштрафовали" in html and "received" in html
    assert page["Cache-Control"] == "no-store"
    assert submitted.code not in html


def test_a_wrong_code_reveals_nothing(client: Client) -> None:
    submit()
    response = open_request(client, receipts.new_code())
    html = response.content.decode()
    assert response.status_code == 200
    assert "No request answers to this code" in html
    malformed = open_request(client, "hello")
    assert "No request answers to this code" in malformed.content.decode()


def test_an_expired_request_says_so_and_shows_nothing(client: Client) -> None:
    submitted = submit("Текст, которого уже нет")
    HelpRequest.objects.update(status=HelpRequest.Status.EXPIRED)
    response = open_request(client, submitted.code)
    html = response.content.decode()
    assert "This request has expired" in html and "Текст" not in html
    with pytest.raises(ReceiptExpiredError):
        data_key_for_receipt(submitted.code)


def test_a_request_whose_receipt_key_was_destroyed_counts_as_expired() -> None:
    submitted = submit()
    RequestKeyGrant.objects.filter(kind=RequestKeyGrant.Kind.RECEIPT).delete()
    with pytest.raises(ReceiptExpiredError):
        data_key_for_receipt(submitted.code)


def test_guessing_is_limited_per_browser_session(client: Client, settings) -> None:
    settings.HELPDESK_RECEIPT_ATTEMPTS = 3
    submitted = submit()
    for _ in range(3):
        open_request(client, receipts.new_code())
    locked = open_request(client, submitted.code)
    assert "Too many attempts from this browser" in locked.content.decode()
    assert open_request(Client(), submitted.code).status_code == 302


def test_the_site_wide_budget_of_slow_checks_holds(client: Client, settings) -> None:
    settings.HELPDESK_RECEIPT_CHECKS_PER_MINUTE = 2
    submitted = submit()
    open_request(Client(), receipts.new_code())
    open_request(Client(), receipts.new_code())
    busy = open_request(client, submitted.code)
    assert "Many people are using the help desk" in busy.content.decode()


def test_one_code_cannot_be_tried_without_end(settings) -> None:
    settings.HELPDESK_RECEIPT_TRIES_PER_CODE = 2
    submitted = submit()
    data_key_for_receipt(submitted.code)
    data_key_for_receipt(submitted.code)
    with pytest.raises(receipts.LimitReachedError):
        data_key_for_receipt(submitted.code)


def test_the_requester_reads_answers_and_writes_back(client: Client, alice: User) -> None:
    submitted = submit()
    _request, key = data_key_for_receipt(submitted.code)
    message_send(
        help_request=submitted.request, data_key=key, body="Позвоните адвокату", author=alice
    )
    open_request(client, submitted.code)
    assert "Позвоните адвокату" in client.get(STATUS).content.decode()
    response = client.post("/en/help/status/message/", {"body": "Спасибо, звоню"})
    assert response.status_code == 302
    assert "Спасибо, звоню" in client.get(STATUS).content.decode()
    assert RequestMessage.objects.filter(direction="in").count() == 1


def test_the_requester_adds_files_later(client: Client) -> None:
    submitted = submit()
    open_request(client, submitted.code)
    upload = SimpleUploadedFile("ruling.pdf", pdf_with_author())
    client.post("/en/help/status/message/", {"body": "", "files": [upload]})
    assert submitted.request.files.count() == 1
    assert "ruling.pdf" in client.get(STATUS).content.decode()


def test_a_bad_file_later_keeps_the_message_typed(client: Client) -> None:
    submitted = submit()
    open_request(client, submitted.code)
    upload = SimpleUploadedFile("virus.exe", b"MZ\x90\x00\x03\x00\x00\x00" * 10)
    response = client.post("/en/help/status/message/", {"body": "Вот файл", "files": [upload]})
    html = response.content.decode()
    assert "This kind of file is not accepted" in html and "Вот файл" in html
    assert not RequestMessage.objects.exists() and not submitted.request.files.exists()


def test_leaving_closes_the_request_in_this_browser(client: Client) -> None:
    submitted = submit("Секретное описание")
    open_request(client, submitted.code)
    client.post("/en/help/status/leave/")
    assert "Секретное описание" not in client.get(STATUS).content.decode()


def test_the_quick_exit_also_closes_it(client: Client) -> None:
    submitted = submit("Секретное описание")
    open_request(client, submitted.code)
    client.get("/en/help/exit/")
    assert "Секретное описание" not in client.get(STATUS).content.decode()


def test_access_ends_after_idle_time(client: Client, settings) -> None:
    import time_machine

    submitted = submit("Секретное описание")
    with time_machine.travel(0, tick=False) as traveller:
        open_request(client, submitted.code)
        traveller.shift(settings.HELPDESK_RECEIPT_SESSION_SECONDS + 5)
        assert "Секретное описание" not in client.get(STATUS).content.decode()


def test_the_session_alone_does_not_open_the_request(client: Client) -> None:
    """A copy of the session table without the browser's cookie opens nothing."""
    submitted = submit("Секретное описание")
    open_request(client, submitted.code)
    del client.cookies[receipts.COOKIE_NAME]
    assert "Секретное описание" not in client.get(STATUS).content.decode()


def test_a_message_sealed_for_another_request_does_not_open(client: Client) -> None:
    first, second = submit("первая"), submit("вторая")
    _r, key = data_key_for_receipt(first.code)
    message_send(help_request=first.request, data_key=key, body="Только для первой")
    with pytest.raises(ReceiptNotFoundError):
        data_key_for_receipt(first.code[:-1] + ("0" if first.code[-1] != "0" else "1"))
    moved = RequestMessage.objects.get()
    moved.request = second.request
    moved.save(update_fields=["request"])
    open_request(client, second.code)
    html = client.get(STATUS).content.decode()
    assert "Только для первой" not in html
    assert "could not be decrypted" in html


def test_a_closed_request_can_be_read_but_not_written_to(client: Client, alice: User) -> None:
    submitted = submit("Дело закрыто")
    _request, key = data_key_for_receipt(submitted.code)
    message_send(help_request=submitted.request, data_key=key, body="Итоговый ответ", author=alice)
    HelpRequest.objects.update(status=HelpRequest.Status.CLOSED)
    open_request(client, submitted.code)
    html = client.get(STATUS).content.decode()
    assert "Итоговый ответ" in html and "This request is closed" in html
    client.post("/en/help/status/message/", {"body": "Ещё вопрос"})
    assert RequestMessage.objects.count() == 1
