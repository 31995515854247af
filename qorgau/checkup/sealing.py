"""Sealing of saved checks: PyNaCl SecretBox under a key derived from SECRET_KEY for this purpose
alone, so a copy of the database without the server's environment reveals no draft."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import nacl.exceptions
import nacl.secret
import nacl.utils
from django.conf import settings

PURPOSE = b"qorgau.checkup.saved-check.v1"


class UnsealError(ValueError):
    """The sealed value was not made with this key, or was changed since."""


def _key(secret: str) -> bytes:
    # blake2b keyed with a digest of the secret, personalised by purpose: a key of its own that
    # no other use of SECRET_KEY (sessions, signatures) can produce.
    master = hashlib.blake2b(secret.encode(), digest_size=64).digest()
    return hashlib.blake2b(
        PURPOSE, key=master, digest_size=nacl.secret.SecretBox.KEY_SIZE, person=b"qorgau-checkup"
    ).digest()


def _secrets() -> list[str]:
    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]


def seal(value: dict[str, Any]) -> bytes:
    box = nacl.secret.SecretBox(_key(settings.SECRET_KEY))
    plain = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    return bytes(box.encrypt(plain, nacl.utils.random(nacl.secret.SecretBox.NONCE_SIZE)))


def unseal(sealed: bytes) -> dict[str, Any]:
    """The value, opened with the current key or a fallback one (after a key rotation)."""
    for secret in _secrets():
        try:
            plain = nacl.secret.SecretBox(_key(secret)).decrypt(bytes(sealed))
        except nacl.exceptions.CryptoError:
            continue
        value = json.loads(plain)
        if isinstance(value, dict):
            return value
    raise UnsealError("cannot open this saved check")
