"""`qorgau keys`: the escrow key pair, and recovering a person's keys with it."""

from __future__ import annotations

import base64
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from qorgau.accounts import keys
from qorgau.accounts.models import User
from qorgau.conftest import PASSWORD
from qorgau.core import crypto

pytestmark = pytest.mark.django_db


def keygen() -> tuple[str, str]:
    out = io.StringIO()
    call_command("keys", "escrow-keygen", stdout=out)
    public, private = re.findall(r"^  (\S+)$", out.getvalue(), flags=re.MULTILINE)
    return public, private


def test_escrow_keygen_prints_a_working_key_pair() -> None:
    public, private = keygen()
    with override_settings(QORGAU_ESCROW_PUBLIC_KEY=public):
        escrow = crypto.escrow_public_key()
    assert escrow is not None
    data_key = crypto.new_data_key()
    assert crypto.unwrap_with(base64.b64decode(private), crypto.wrap_for(escrow, data_key)) == (
        data_key
    )


def test_escrow_recover_gives_the_person_a_new_recovery_key(
    charlie: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    public, private = keygen()
    with override_settings(QORGAU_ESCROW_PUBLIC_KEY=public):
        keys.keypair_create(user=charlie, password=PASSWORD)
    monkeypatch.setattr("sys.stdin", io.StringIO(private + "\n"))
    out = io.StringIO()
    call_command("keys", "escrow-recover", "Charlie@qorgau.test", stdout=out)
    recovery_key = re.findall(r"^  (\S+)$", out.getvalue(), flags=re.MULTILINE)[0]
    charlie.refresh_from_db()
    assert charlie.keypair.needs_recovery
    keys.keypair_recover(user=charlie, recovery_key=recovery_key, new_password=PASSWORD)


def test_escrow_recover_refuses_a_wrong_key_and_changes_nothing(
    charlie: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    public, _private = keygen()
    _other_public, other_private = keygen()
    with override_settings(QORGAU_ESCROW_PUBLIC_KEY=public):
        keys.keypair_create(user=charlie, password=PASSWORD)
    monkeypatch.setattr("sys.stdin", io.StringIO(other_private + "\n"))
    with pytest.raises(CommandError, match="does not open"):
        call_command("keys", "escrow-recover", "charlie@qorgau.test")
    charlie.refresh_from_db()
    assert not charlie.keypair.needs_recovery


def test_escrow_recover_names_what_is_wrong(monkeypatch: pytest.MonkeyPatch, charlie: User) -> None:
    with pytest.raises(CommandError, match="No account"):
        call_command("keys", "escrow-recover", "nobody@qorgau.test")
    monkeypatch.setattr("sys.stdin", io.StringIO("not base64!\n"))
    with pytest.raises(CommandError, match="not an escrow private key"):
        call_command("keys", "escrow-recover", "charlie@qorgau.test")
