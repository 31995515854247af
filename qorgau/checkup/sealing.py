"""Sealing of saved checks with core.crypto under a key derived from SECRET_KEY for this purpose
alone, so a copy of the database without the server's environment reveals no draft; keys in
SECRET_KEY_FALLBACKS still open checks saved before a rotation."""

from __future__ import annotations

import json
from typing import Any

from qorgau.core.crypto import DecryptionFailed, secret_key_seal, secret_key_unseal

PURPOSE = b"qorgau.checkup.saved-check.v1"
PERSON = b"qorgau-checkup"


class UnsealError(ValueError):
    """The sealed value was not made with this key, or was changed since."""


def seal(value: dict[str, Any]) -> bytes:
    plain = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    return secret_key_seal(plain, purpose=PURPOSE, person=PERSON, aad=PURPOSE)


def unseal(sealed: bytes) -> dict[str, Any]:
    """The value, opened with the current key or a fallback one (after a key rotation)."""
    try:
        plain = secret_key_unseal(bytes(sealed), purpose=PURPOSE, person=PERSON, aad=PURPOSE)
    except DecryptionFailed:
        raise UnsealError("cannot open this saved check") from None
    value = json.loads(plain)
    if not isinstance(value, dict):
        raise UnsealError("not a saved check")
    return value
