"""Sealing of saved checks with core.crypto under a key derived from SECRET_KEY for this purpose
alone, so a copy of the database without the server's environment reveals no draft; keys in
SECRET_KEY_FALLBACKS still open checks saved before a rotation."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings

from qorgau.core.crypto import DecryptionFailed
from qorgau.core.crypto import seal as seal_bytes
from qorgau.core.crypto import unseal as unseal_bytes

PURPOSE = b"qorgau.checkup.saved-check.v1"


class UnsealError(ValueError):
    """The sealed value was not made with this key, or was changed since."""


def _key(secret: str) -> bytes:
    # blake2b keyed with a digest of the secret, personalised by purpose: a key of its own that
    # no other use of SECRET_KEY (sessions, signatures) can produce.
    master = hashlib.blake2b(secret.encode(), digest_size=64).digest()
    return hashlib.blake2b(PURPOSE, key=master, digest_size=32, person=b"qorgau-checkup").digest()


def _secrets() -> list[str]:
    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]


def seal(value: dict[str, Any]) -> bytes:
    plain = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    return seal_bytes(_key(settings.SECRET_KEY), plain, aad=PURPOSE)


def unseal(sealed: bytes) -> dict[str, Any]:
    """The value, opened with the current key or a fallback one (after a key rotation)."""
    for secret in _secrets():
        try:
            plain = unseal_bytes(_key(secret), bytes(sealed), aad=PURPOSE)
        except DecryptionFailed:
            continue
        value = json.loads(plain)
        if isinstance(value, dict):
            return value
    raise UnsealError("cannot open this saved check")
