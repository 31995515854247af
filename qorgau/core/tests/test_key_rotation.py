"""Rotating the server key: P1 fields, conflict checks and receipts made under the old key keep
working once a new key is current and the old one is in QORGAU_SERVER_KEY_PREVIOUS, and
`qorgau keys rotate-server-key` moves every P1 field and blind index onto the new key."""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import nacl.pwhash.argon2id
import pytest
import time_machine
from django.core.management import CommandError, call_command

from qorgau.accounts.models import User
from qorgau.core import crypto
from qorgau.core.key_rotation import P1_FIELDS
from qorgau.core.models import AuditEvent
from qorgau.helpdesk import receipts
from qorgau.helpdesk.conflicts import conflict_check, party_add
from qorgau.helpdesk.intake import ReceiptNotFoundError, data_key_for_receipt, request_content
from qorgau.helpdesk.models import ConflictCheck, Party, PartyName, Proceeding
from qorgau.helpdesk.record import proceeding_add
from qorgau.helpdesk.retention import request_expire
from qorgau.helpdesk.tests.cases_support import open_case
from qorgau.helpdesk.tests.intake_support import media, submit  # noqa: F401
from qorgau.settings import env_secret_list

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]

OLD = base64.urlsafe_b64encode(b"o" * 32).decode()
OLDER = base64.urlsafe_b64encode(b"e" * 32).decode()
NEW = base64.urlsafe_b64encode(b"n" * 32).decode()
STRANGER = base64.urlsafe_b64encode(b"s" * 32).decode()


@pytest.fixture
def keys(settings: Any) -> Any:
    """The old key is current; `rotate(settings)` makes NEW current and OLD previous."""
    settings.QORGAU_SERVER_KEY = OLD
    settings.QORGAU_SERVER_KEY_PREVIOUS = []
    return settings


def rotate(settings: Any, *previous: str) -> None:
    settings.QORGAU_SERVER_KEY = NEW
    settings.QORGAU_SERVER_KEY_PREVIOUS = list(previous or (OLD,))


def rotate_command(*args: str) -> str:
    out = io.StringIO()
    call_command("keys", "rotate-server-key", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def argon2id_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    calls: list[int] = []
    real: Callable[..., bytes] = nacl.pwhash.argon2id.kdf

    def counting(*args: Any, **kwargs: Any) -> bytes:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(nacl.pwhash.argon2id, "kdf", counting)
    yield calls


def one_off(code: str) -> str:
    return code[:-1] + ("0" if code[-1] != "0" else "1")


def p1_state() -> dict[str, list[bytes]]:
    """Every sealed P1 value and blind-index row, to tell whether anything was written."""
    return {
        "parties": [
            bytes(v) for v in Party.objects.order_by("pk").values_list("name_sealed", flat=True)
        ],
        "checks": [
            bytes(v)
            for v in ConflictCheck.objects.order_by("pk").values_list("name_sealed", flat=True)
        ],
        "numbers": [
            bytes(v)
            for v in Proceeding.objects.order_by("pk").values_list(
                "external_number_sealed", flat=True
            )
        ],
        "index": [
            d.encode()
            for d in PartyName.objects.order_by("party_id", "digest").values_list(
                "digest", flat=True
            )
        ],
    }


def case_with_names(alice: User) -> tuple[Party, Proceeding, ConflictCheck]:
    case, _key = open_case(alice)
    party, check = party_add(actor=alice, case=case, role="opposing", name="Нұрланұлы Ерлан")
    proceeding = proceeding_add(
        actor=alice, case=case, body="Суд г. Алматы", instance="first", external_number="2-1234/25"
    )
    return party, proceeding, check


# --- Reading after the key changed.


def test_a_p1_field_sealed_under_the_old_key_reads_once_the_old_key_is_previous(keys: Any) -> None:
    token = crypto.server_seal("Иванов Иван", purpose="helpdesk.party")
    keys.QORGAU_SERVER_KEY = NEW
    with pytest.raises(crypto.DecryptionFailed):
        crypto.server_unseal(token, purpose="helpdesk.party")
    keys.QORGAU_SERVER_KEY_PREVIOUS = [OLDER, OLD]
    assert crypto.server_unseal(token, purpose="helpdesk.party") == "Иванов Иван"
    with pytest.raises(crypto.DecryptionFailed):
        crypto.server_unseal(token, purpose="helpdesk.case_number")


def test_a_malformed_previous_key_is_a_configuration_error(keys: Any) -> None:
    from django.core.exceptions import ImproperlyConfigured

    keys.QORGAU_SERVER_KEY_PREVIOUS = ["short"]
    token = crypto.server_seal("x", purpose="x")
    keys.QORGAU_SERVER_KEY = NEW
    with pytest.raises(ImproperlyConfigured, match="QORGAU_SERVER_KEY_PREVIOUS"):
        crypto.server_unseal(token, purpose="x")


def test_previous_keys_come_from_the_environment_or_a_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("QORGAU_SERVER_KEY_PREVIOUS", f"{OLD}, {OLDER}")
    assert env_secret_list("QORGAU_SERVER_KEY_PREVIOUS") == [OLD, OLDER]
    secret = tmp_path / "previous"
    secret.write_text(f"{OLD}\n{OLDER}\n")
    monkeypatch.setenv("QORGAU_SERVER_KEY_PREVIOUS_FILE", str(secret))
    assert env_secret_list("QORGAU_SERVER_KEY_PREVIOUS") == [OLD, OLDER]
    monkeypatch.delenv("QORGAU_SERVER_KEY_PREVIOUS")
    monkeypatch.delenv("QORGAU_SERVER_KEY_PREVIOUS_FILE")
    assert env_secret_list("QORGAU_SERVER_KEY_PREVIOUS") == []


def test_names_and_case_numbers_read_after_rotation_and_without_the_old_key_after_the_command(
    keys: Any, alice: User
) -> None:
    party, proceeding, check = case_with_names(alice)
    rotate(keys)
    assert Party.objects.get(pk=party.pk).name == "Нұрланұлы Ерлан"
    rotate_command()
    keys.QORGAU_SERVER_KEY_PREVIOUS = []
    assert Party.objects.get(pk=party.pk).name == "Нұрланұлы Ерлан"
    assert Proceeding.objects.get(pk=proceeding.pk).external_number == "2-1234/25"
    assert ConflictCheck.objects.get(pk=check.pk).name == "Нұрланұлы Ерлан"


def test_the_conflict_check_finds_an_earlier_party_after_rotation_not_with_stale_hashes(
    keys: Any, alice: User
) -> None:
    case_with_names(alice)
    rotate(keys)
    stale = conflict_check(actor=alice, name="Yerlan Nurlanuly")
    assert stale.status == ConflictCheck.Status.CLEAR  # the index is still under the old key
    rotate_command()
    check = conflict_check(actor=alice, name="Yerlan Nurlanuly")
    assert check.status == ConflictCheck.Status.POSSIBLE
    assert check.matches.get().role == Party.Role.OPPOSING


# --- Receipts: cannot be rotated, so every previous key is tried.


def test_a_requester_with_a_receipt_from_before_the_rotation_still_opens_the_request(
    keys: Any, argon2id_calls: list[int]
) -> None:
    submitted = submit("Меня вызвали на допрос.")
    rotate(keys)
    rotate_command()
    argon2id_calls.clear()
    found, data_key = data_key_for_receipt(submitted.code)
    assert found == submitted.request
    assert request_content(help_request=found, data_key=data_key).description == (
        "Меня вызвали на допрос."
    )
    assert len(argon2id_calls) == 2  # the current key missed, the previous one found it


def test_a_receipt_from_after_the_rotation_costs_one_derivation(
    keys: Any, argon2id_calls: list[int]
) -> None:
    rotate(keys)
    submitted = submit()
    argon2id_calls.clear()
    assert data_key_for_receipt(submitted.code)[0] == submitted.request
    assert len(argon2id_calls) == 1


def test_a_miss_costs_every_previous_key_whatever_the_code(
    keys: Any, argon2id_calls: list[int]
) -> None:
    keys.QORGAU_SERVER_KEY = OLDER
    oldest = submit()
    keys.QORGAU_SERVER_KEY = OLD
    old = submit()
    rotate(keys, OLD, OLDER)
    for code in (oldest.code, old.code, one_off(old.code)):
        argon2id_calls.clear()
        with contextlib.suppress(ReceiptNotFoundError):
            data_key_for_receipt(code)
        assert len(argon2id_calls) == 3, code  # the current key and both previous ones
    assert data_key_for_receipt(oldest.code)[0] == oldest.request
    with pytest.raises(ReceiptNotFoundError):
        data_key_for_receipt(one_off(oldest.code))


def test_the_limit_per_code_stops_before_the_previous_keys_are_tried(
    keys: Any, argon2id_calls: list[int]
) -> None:
    submitted = submit()
    rotate(keys)
    keys.HELPDESK_RECEIPT_TRIES_PER_CODE = 0
    argon2id_calls.clear()
    with pytest.raises(receipts.LimitReachedError):
        data_key_for_receipt(submitted.code)
    assert len(argon2id_calls) == 1


def test_without_a_previous_key_an_old_receipt_is_not_found_and_a_miss_costs_one_derivation(
    keys: Any, argon2id_calls: list[int]
) -> None:
    submitted = submit()
    keys.QORGAU_SERVER_KEY = NEW
    assert crypto.previous_receipt_keys(submitted.code) == []
    argon2id_calls.clear()
    with pytest.raises(ReceiptNotFoundError):
        data_key_for_receipt(submitted.code)
    assert len(argon2id_calls) == 1


# --- The command.


def test_the_command_seals_again_and_reports_what_it_did(keys: Any, alice: User) -> None:
    case_with_names(alice)
    rotate(keys)
    out = rotate_command()
    assert "helpdesk.Party.name_sealed: 1 sealed again, 0 already current" in out
    assert "helpdesk.ConflictCheck.name_sealed: 1 sealed again" in out
    assert "helpdesk.Proceeding.external_number_sealed: 1 sealed again" in out
    assert "Blind index: 1 parties indexed again" in out


def test_a_second_run_changes_nothing(keys: Any, alice: User) -> None:
    case_with_names(alice)
    rotate(keys)
    rotate_command()
    before = p1_state()
    out = rotate_command()
    assert p1_state() == before
    assert "0 sealed again" in out and "Blind index: 0 parties indexed again" in out
    assert AuditEvent.objects.filter(object_type="core.server_key").count() == 1


def test_a_dry_run_counts_and_changes_nothing(keys: Any, alice: User) -> None:
    case_with_names(alice)
    rotate(keys)
    before = p1_state()
    out = rotate_command("--dry-run")
    assert p1_state() == before
    assert "Dry run" in out and "helpdesk.Party.name_sealed: 1 would be sealed again" in out
    assert not AuditEvent.objects.filter(object_type="core.server_key").exists()
    keys.QORGAU_SERVER_KEY_PREVIOUS = []
    with pytest.raises(crypto.DecryptionFailed):
        Party.objects.get().name  # noqa: B018 (still under the old key)


def test_an_interrupted_run_keeps_its_finished_batches_and_a_new_run_finishes(
    keys: Any, alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    case, _key = open_case(alice)
    for name in ("Айгерім Сапарова", "Болат Ермеков", "Ержан Сапаров"):
        party_add(actor=alice, case=case, role="witness", name=name)
    rotate(keys)
    real = crypto.server_reseal
    calls: list[int] = []

    def failing_on_the_second_party(token: bytes, *, purpose: str) -> Any:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the machine went down")
        return real(token, purpose=purpose)

    monkeypatch.setattr(crypto, "server_reseal", failing_on_the_second_party)
    with pytest.raises(RuntimeError):
        rotate_command("--batch-size", "1")
    monkeypatch.setattr(crypto, "server_reseal", real)
    out = rotate_command("--batch-size", "1")
    assert "helpdesk.Party.name_sealed: 2 sealed again, 1 already current" in out
    keys.QORGAU_SERVER_KEY_PREVIOUS = []
    assert sorted(p.name for p in Party.objects.all()) == [
        "Айгерім Сапарова",
        "Болат Ермеков",
        "Ержан Сапаров",
    ]


def test_the_command_refuses_without_a_previous_key(keys: Any) -> None:
    with pytest.raises(CommandError, match="QORGAU_SERVER_KEY_PREVIOUS is empty"):
        rotate_command()
    keys.QORGAU_SERVER_KEY_PREVIOUS = [OLD]
    with pytest.raises(CommandError, match="holds the current server key"):
        rotate_command()


def test_values_no_configured_key_opens_are_left_and_reported(keys: Any, alice: User) -> None:
    case, _key = open_case(alice)
    keys.QORGAU_SERVER_KEY = STRANGER
    party_add(actor=alice, case=case, role="witness", name="Кто-то Чужой")
    keys.QORGAU_SERVER_KEY = OLD
    party, _check = party_add(actor=alice, case=case, role="witness", name="Айгерім Сапарова")
    rotate(keys)
    with pytest.raises(CommandError, match="open under no configured server key"):
        rotate_command()
    keys.QORGAU_SERVER_KEY_PREVIOUS = []
    assert Party.objects.get(pk=party.pk).name == "Айгерім Сапарова"


def test_the_command_counts_open_requests_whose_receipts_need_the_previous_key(keys: Any) -> None:
    with time_machine.travel(dt.datetime(2025, 3, 1, 9, tzinfo=dt.UTC), tick=False):
        before = submit()
        rotate(keys)
        out = rotate_command()
    assert "Requests received up to 2025-03-01 whose receipts still need a previous key: 1" in out
    assert "Keep QORGAU_SERVER_KEY_PREVIOUS until this is 0" in out
    with time_machine.travel(dt.datetime(2025, 3, 20, 9, tzinfo=dt.UTC), tick=False):
        submit()  # under the new key
        out = rotate_command()
        assert "up to 2025-03-01 whose receipts still need a previous key: 1 " in out
        request_expire(help_request=before.request)
        out = rotate_command()
    assert "still need a previous key: 0 " in out
    assert "QORGAU_SERVER_KEY_PREVIOUS can go" in out


def test_server_keygen_prints_a_key_the_platform_accepts(keys: Any) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command("keys", "server-keygen", stdout=out, stderr=err)
    key = out.getvalue().strip()
    assert len(base64.urlsafe_b64decode(key)) == 32
    assert "QORGAU_SERVER_KEY_PREVIOUS" in err.getvalue()
    keys.QORGAU_SERVER_KEY = key
    assert crypto.server_unseal(crypto.server_seal("x", purpose="x"), purpose="x") == "x"


def test_every_p1_purpose_the_platform_reads_is_rotated() -> None:
    root = Path(__file__).resolve().parents[2]
    read = set()
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        read |= set(re.findall(r'server_(?:un)?seal\([^"]*?purpose="([^"]+)"', path.read_text()))
    assert read and read <= {p1.purpose for p1 in P1_FIELDS}
