"""One slow derivation per receipt: a submission and an opening each spend one Argon2id, new
requests open by their code, and requests filed in the older format still open."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import nacl.pwhash.argon2id
import pytest
from django.test import Client

from qorgau.core import crypto
from qorgau.helpdesk import receipts
from qorgau.helpdesk.intake import ReceiptNotFoundError, data_key_for_receipt, request_content
from qorgau.helpdesk.models import HelpRequest, RequestKeyGrant

from .intake_support import media, submit  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


@pytest.fixture
def argon2id_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Every Argon2id derivation, counted (nacl's kdf wrapped, still doing the work)."""
    calls: list[int] = []
    real: Callable[..., bytes] = nacl.pwhash.argon2id.kdf

    def counting(*args: Any, **kwargs: Any) -> bytes:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(nacl.pwhash.argon2id, "kdf", counting)
    yield calls


def to_old_format(code: str, request: HelpRequest) -> bytes:
    """Rewrite a request as submissions before this change filed it: the lookup hash was the
    Argon2id output itself, and the receipt grant a secret wrap with its own random salt."""
    _request, data_key = data_key_for_receipt(code)
    canonical = receipts.normalise(code) or ""
    old = crypto.wrap_with_secret(canonical, data_key, context=receipts.RECEIPT_CONTEXT)
    RequestKeyGrant.objects.filter(request=request, kind=RequestKeyGrant.Kind.RECEIPT).update(
        wrapped_key=old
    )
    HelpRequest.objects.filter(pk=request.pk).update(
        receipt_lookup=crypto.receipt_keys(code).old_lookup
    )
    return data_key


def test_a_submission_spends_one_slow_derivation(argon2id_calls: list[int]) -> None:
    submit()
    assert len(argon2id_calls) == 1


def test_opening_a_new_request_spends_one_slow_derivation(argon2id_calls: list[int]) -> None:
    submitted = submit("Вызвали свидетелем")
    argon2id_calls.clear()
    found, data_key = data_key_for_receipt(submitted.code)
    assert len(argon2id_calls) == 1
    assert found == submitted.request
    assert request_content(help_request=found, data_key=data_key).description == (
        "Вызвали свидетелем"
    )


def test_the_stored_hash_opens_nothing_by_itself() -> None:
    submitted = submit()
    row = HelpRequest.objects.get()
    keys = crypto.receipt_keys(submitted.code)
    assert row.receipt_lookup == keys.lookup
    assert bytes.fromhex(row.receipt_lookup) != keys.key_encryption_key
    grant = row.grants.get(kind=RequestKeyGrant.Kind.RECEIPT)
    as_if_key = crypto.ReceiptKeys(
        lookup=row.receipt_lookup,
        key_encryption_key=bytes.fromhex(row.receipt_lookup),
        old_lookup="",
    )
    with pytest.raises(crypto.DecryptionFailed):
        crypto.unwrap_for_receipt(
            submitted.code, as_if_key, bytes(grant.wrapped_key), context=receipts.RECEIPT_CONTEXT
        )


def test_a_request_filed_in_the_older_format_still_opens(
    client: Client, argon2id_calls: list[int]
) -> None:
    submitted = submit("Старая заявка")
    data_key = to_old_format(submitted.code, submitted.request)
    argon2id_calls.clear()
    found, opened = data_key_for_receipt(submitted.code)
    assert found == submitted.request and opened == data_key
    assert len(argon2id_calls) == 2  # the lookup, then the old wrap's own salt
    client.post("/en/help/status/", {"code": submitted.code})
    assert "Старая заявка" in client.get("/en/help/status/").content.decode()


def one_off(code: str) -> str:
    last = code[-1]
    return code[:-1] + ("0" if last != "0" else "1")


def test_a_wrong_code_opens_neither_format() -> None:
    new = submit()
    old = submit()
    to_old_format(old.code, old.request)
    for submitted in (new, old):
        with pytest.raises(ReceiptNotFoundError):
            data_key_for_receipt(one_off(submitted.code))
        assert data_key_for_receipt(submitted.code)[0] == submitted.request


def test_a_code_that_finds_a_request_but_not_its_grant_is_refused() -> None:
    """Should a grant ever sit on the wrong request, the code does not open it."""
    first = submit()
    second = submit()
    grant = second.request.grants.get(kind=RequestKeyGrant.Kind.RECEIPT)
    RequestKeyGrant.objects.filter(request=first.request, kind=RequestKeyGrant.Kind.RECEIPT).update(
        wrapped_key=bytes(grant.wrapped_key)
    )
    with pytest.raises(ReceiptNotFoundError):
        data_key_for_receipt(first.code)


def test_a_slow_derivation_waits_behind_the_limits(
    client: Client, settings: Any, argon2id_calls: list[int]
) -> None:
    settings.HELPDESK_RECEIPT_CHECKS_PER_MINUTE = 1
    submitted = submit()
    client.post("/en/help/status/", {"code": receipts.new_code()})
    argon2id_calls.clear()
    busy = client.post("/en/help/status/", {"code": submitted.code})
    assert "Many people are using the help desk" in busy.content.decode()
    assert argon2id_calls == []
    client.post("/en/help/status/", {"code": "not a code"})
    assert argon2id_calls == []
