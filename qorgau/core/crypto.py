"""Envelope encryption for P1 and P2 data (docs/security.md): data keys, sealed content and files,
keys wrapped for people, for secrets (passwords, recovery keys, receipts) and for the escrow, and
keyed hashes of names for lookups that never decrypt.

Every token starts with a version byte so that the format can change without guessing.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
import struct
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import BinaryIO

import nacl.bindings as sodium
import nacl.encoding
import nacl.exceptions
import nacl.hash
import nacl.public
import nacl.pwhash.argon2id as argon2id
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

__all__ = [
    "KDF_COSTS",
    "DecryptionFailed",
    "KdfCost",
    "ReceiptKeys",
    "StreamInfo",
    "blind_index",
    "decrypt_stream",
    "encrypt_stream",
    "escrow_public_key",
    "name_variants",
    "new_data_key",
    "new_key_pair",
    "normalise_receipt_code",
    "previous_receipt_keys",
    "public_key_from_private",
    "receipt_keys",
    "receipt_lookup_hash",
    "seal",
    "seal_text",
    "server_key_fingerprint",
    "server_reseal",
    "server_seal",
    "server_unseal",
    "unseal",
    "unseal_text",
    "unwrap_for_receipt",
    "unwrap_with",
    "unwrap_with_secret",
    "wrap_for",
    "wrap_for_receipt",
    "wrap_with_secret",
]

KEY_BYTES = 32
_VERSION = b"\x01"
_NONCE_BYTES = sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
_STREAM_HEADER = struct.Struct(">cI")  # version, chunk size
_STREAM_ABYTES = sodium.crypto_secretstream_xchacha20poly1305_ABYTES
_STREAM_MAX_CHUNK = 16 * 1024 * 1024
_TAG_MESSAGE = sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
_TAG_FINAL = sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL
_SECRET_HEADER = struct.Struct(">cII")  # version, opslimit, memlimit in KiB
_SALT_BYTES = argon2id.SALTBYTES
# A tampered wrap must not make the server spend unbounded time or memory before failing.
_MAX_OPSLIMIT = 16
_MAX_MEMLIMIT_KIB = 1024 * 1024


class DecryptionFailed(Exception):  # noqa: N818 (the name is the contract)
    """The key is wrong, or the token was altered, truncated or is not one of ours."""


@dataclass(frozen=True)
class KdfCost:
    """Argon2id parameters: passes over memory, and memory in bytes."""

    opslimit: int
    memlimit: int


KDF_COSTS = {
    "minimum": KdfCost(argon2id.OPSLIMIT_MIN, argon2id.MEMLIMIT_MIN),  # tests only
    "interactive": KdfCost(argon2id.OPSLIMIT_INTERACTIVE, argon2id.MEMLIMIT_INTERACTIVE),
    "moderate": KdfCost(argon2id.OPSLIMIT_MODERATE, argon2id.MEMLIMIT_MODERATE),
}


def _cost(setting: str) -> KdfCost:
    name = str(getattr(settings, setting, "moderate"))
    try:
        return KDF_COSTS[name]
    except KeyError:
        raise ImproperlyConfigured(f"{setting} must be one of {sorted(KDF_COSTS)}") from None


def _check_key(key: bytes) -> None:
    if not isinstance(key, bytes) or len(key) != KEY_BYTES:
        raise ValueError("a key is 32 bytes")


# --- Symmetric: one random data key per request or case.


def new_data_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def seal(key: bytes, plaintext: bytes, *, aad: bytes = b"") -> bytes:
    """XChaCha20-Poly1305 with a random nonce. `aad` binds the token to its place (a record id,
    a field name): the same token moved elsewhere no longer opens."""
    _check_key(key)
    nonce = secrets.token_bytes(_NONCE_BYTES)
    sealed = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
        plaintext, _VERSION + aad, nonce, key
    )
    return _VERSION + nonce + sealed


def unseal(key: bytes, token: bytes, *, aad: bytes = b"") -> bytes:
    _check_key(key)
    if len(token) < 1 + _NONCE_BYTES + 16 or token[:1] != _VERSION:
        raise DecryptionFailed("not a sealed token")
    nonce, sealed = token[1 : 1 + _NONCE_BYTES], token[1 + _NONCE_BYTES :]
    try:
        return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(sealed, _VERSION + aad, nonce, key)
    except nacl.exceptions.CryptoError:
        raise DecryptionFailed("wrong key or altered token") from None


def seal_text(key: bytes, text: str, *, aad: bytes = b"") -> bytes:
    return seal(key, text.encode(), aad=aad)


def unseal_text(key: bytes, token: bytes, *, aad: bytes = b"") -> str:
    return unseal(key, token, aad=aad).decode()


# --- Files: libsodium secretstream in chunks; the last chunk carries the FINAL tag.


@dataclass(frozen=True)
class StreamInfo:
    """The plaintext that went in: its size in bytes and SHA-256 (hex), kept as evidence."""

    size: int
    sha256: str


def _read_full(src: BinaryIO, size: int) -> bytes:
    parts = []
    while size > 0:
        part = src.read(size)
        if not part:
            break
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def encrypt_stream(
    key: bytes, src: BinaryIO, dst: BinaryIO, *, chunk_size: int = 64 * 1024
) -> StreamInfo:
    """Encrypt `src` into `dst` chunk by chunk, never holding more than two chunks in memory."""
    _check_key(key)
    if not 0 < chunk_size <= _STREAM_MAX_CHUNK:
        raise ValueError(f"chunk_size must be between 1 and {_STREAM_MAX_CHUNK}")
    header = _STREAM_HEADER.pack(_VERSION, chunk_size)
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    dst.write(header)
    dst.write(sodium.crypto_secretstream_xchacha20poly1305_init_push(state, key))
    digest = hashlib.sha256()
    size = 0
    chunk = _read_full(src, chunk_size)
    while True:
        following = _read_full(src, chunk_size) if len(chunk) == chunk_size else b""
        digest.update(chunk)
        size += len(chunk)
        tag = _TAG_MESSAGE if following else _TAG_FINAL
        dst.write(sodium.crypto_secretstream_xchacha20poly1305_push(state, chunk, header, tag))
        if not following:
            return StreamInfo(size=size, sha256=digest.hexdigest())
        chunk = following


def decrypt_stream(key: bytes, src: BinaryIO, dst: BinaryIO) -> None:
    """Decrypt into `dst`. Plaintext is written as chunks verify, so on DecryptionFailed the
    caller must throw `dst` away (write to a temporary file, keep it only on success)."""
    _check_key(key)
    header = _read_full(src, _STREAM_HEADER.size)
    if len(header) != _STREAM_HEADER.size:
        raise DecryptionFailed("not an encrypted stream")
    version, chunk_size = _STREAM_HEADER.unpack(header)
    if version != _VERSION or not 0 < chunk_size <= _STREAM_MAX_CHUNK:
        raise DecryptionFailed("not an encrypted stream")
    stream_header = _read_full(src, sodium.crypto_secretstream_xchacha20poly1305_HEADERBYTES)
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    try:
        sodium.crypto_secretstream_xchacha20poly1305_init_pull(state, stream_header, key)
        while True:
            sealed = _read_full(src, chunk_size + _STREAM_ABYTES)
            if not sealed:
                raise DecryptionFailed("the stream is truncated")
            chunk, tag = sodium.crypto_secretstream_xchacha20poly1305_pull(state, sealed, header)
            dst.write(chunk)
            if tag == _TAG_FINAL:
                if src.read(1):
                    raise DecryptionFailed("data after the end of the stream")
                return
    except (nacl.exceptions.CryptoError, ValueError, TypeError):
        raise DecryptionFailed("wrong key, or the stream was altered or truncated") from None


# --- Wrapping data keys for people, secrets and the escrow.


def new_key_pair() -> tuple[bytes, bytes]:
    """A Curve25519 key pair: (public, private)."""
    private = nacl.public.PrivateKey.generate()
    return bytes(private.public_key), bytes(private)


def public_key_from_private(private_key: bytes) -> bytes:
    return bytes(nacl.public.PrivateKey(private_key).public_key)


def wrap_for(public_key: bytes, data_key: bytes) -> bytes:
    """A sealed box: only the holder of the private key opens it; the sender stays anonymous."""
    box = nacl.public.SealedBox(nacl.public.PublicKey(public_key))
    return _VERSION + box.encrypt(data_key)


def unwrap_with(private_key: bytes, wrapped: bytes) -> bytes:
    if wrapped[:1] != _VERSION:
        raise DecryptionFailed("not a wrapped key")
    try:
        box = nacl.public.SealedBox(nacl.public.PrivateKey(private_key))
        return box.decrypt(wrapped[1:])
    except (nacl.exceptions.CryptoError, ValueError, TypeError):
        raise DecryptionFailed("wrong private key or altered wrap") from None


def _secret_bytes(secret: str) -> bytes:
    return unicodedata.normalize("NFC", secret).encode()


def wrap_with_secret(
    secret: str, data_key: bytes, *, context: bytes, cost: KdfCost | None = None
) -> bytes:
    """Wrap under a key derived from a secret a person holds (Argon2id, random salt). The cost
    and the salt travel in the wrap, so the cost can be raised later without locking anyone
    out; `context` ("password", "recovery", "receipt") keeps one wrap from standing in for
    another."""
    cost = cost or _cost("QORGAU_KDF_COST")
    salt = secrets.token_bytes(_SALT_BYTES)
    header = _SECRET_HEADER.pack(_VERSION, cost.opslimit, cost.memlimit // 1024)
    derived = argon2id.kdf(
        KEY_BYTES, _secret_bytes(secret), salt, opslimit=cost.opslimit, memlimit=cost.memlimit
    )
    return header + salt + seal(derived, data_key, aad=header + context)


def unwrap_with_secret(secret: str, wrapped: bytes, *, context: bytes) -> bytes:
    head_size = _SECRET_HEADER.size
    if len(wrapped) < head_size + _SALT_BYTES:
        raise DecryptionFailed("not a secret wrap")
    header = wrapped[:head_size]
    version, opslimit, memlimit_kib = _SECRET_HEADER.unpack(header)
    if (
        version != _VERSION
        or not argon2id.OPSLIMIT_MIN <= opslimit <= _MAX_OPSLIMIT
        or not argon2id.MEMLIMIT_MIN // 1024 <= memlimit_kib <= _MAX_MEMLIMIT_KIB
    ):
        raise DecryptionFailed("not a secret wrap")
    salt = wrapped[head_size : head_size + _SALT_BYTES]
    derived = argon2id.kdf(
        KEY_BYTES, _secret_bytes(secret), salt, opslimit=opslimit, memlimit=memlimit_kib * 1024
    )
    return unseal(derived, wrapped[head_size + _SALT_BYTES :], aad=header + context)


def escrow_public_key() -> bytes | None:
    """The organisation's escrow key (its private half is kept offline), or None."""
    return _offline_public_key("QORGAU_ESCROW_PUBLIC_KEY", "escrow-keygen")


def reporting_public_key() -> bytes | None:
    """The public half of the offline reporting key pair, to which P3 answers (demographics)
    are sealed, or None: then such answers are not even asked for."""
    return _offline_public_key("QORGAU_REPORTING_PUBLIC_KEY", "reporting-keygen")


def _offline_public_key(setting: str, keygen: str) -> bytes | None:
    value = str(getattr(settings, setting, "") or "").strip()
    if not value:
        return None
    try:
        key = base64.b64decode(value, altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != KEY_BYTES:
        raise ImproperlyConfigured(
            f"{setting} must be the base64 public key printed by `qorgau keys {keygen}`"
        )
    return key


# --- The server key: P1 fields and keyed hashes. It protects against a copy of the database
# alone; whoever also holds the server key reads P1 (never P2).


@lru_cache(maxsize=8)
def _decode_server_key(value: str, setting: str = "QORGAU_SERVER_KEY") -> bytes:
    try:
        key = base64.b64decode(value, altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) < KEY_BYTES:
        raise ImproperlyConfigured(f"{setting} must be at least 32 bytes, in base64")
    return key


def _current_server_key() -> bytes:
    return _decode_server_key(str(settings.QORGAU_SERVER_KEY))


def _previous_server_keys() -> list[bytes]:
    """The keys that QORGAU_SERVER_KEY replaced, newest first (empty unless rotated)."""
    values = getattr(settings, "QORGAU_SERVER_KEY_PREVIOUS", None) or []
    if isinstance(values, str):
        values = [values]
    return [_decode_server_key(str(value), "QORGAU_SERVER_KEY_PREVIOUS") for value in values]


def _server_subkey(purpose: str, use: bytes, master: bytes | None = None) -> bytes:
    """One key per use and purpose, derived with keyed BLAKE2b from the server key (the current
    one unless `master` names a previous one)."""
    if master is None:
        master = _current_server_key()
    return nacl.hash.blake2b(
        purpose.encode(),
        digest_size=KEY_BYTES,
        key=master[:64],
        person=b"qorgau:" + use,
        encoder=nacl.encoding.RawEncoder,
    )


def server_key_fingerprint() -> str:
    """A short name of the current server key (16 hex characters) for the audit trail; it tells
    nothing about the key."""
    return _server_subkey("fingerprint", b"keyid")[:8].hex()


def _secret_key_subkey(secret: str, purpose: bytes, person: bytes) -> bytes:
    # Keyed BLAKE2b over a digest of the secret, personalised: a key no other use of SECRET_KEY
    # (sessions, signatures) can produce.
    master = hashlib.blake2b(secret.encode(), digest_size=64).digest()
    return hashlib.blake2b(purpose, key=master, digest_size=32, person=person).digest()


def secret_key_seal(plaintext: bytes, *, purpose: bytes, person: bytes, aad: bytes) -> bytes:
    """Seal under a key derived from SECRET_KEY for one purpose: for what needs no one's key
    pair, only to be unreadable in a copy of the database or the disk without the server's
    environment (saved checks, an import file waiting to be confirmed)."""
    return seal(_secret_key_subkey(settings.SECRET_KEY, purpose, person), plaintext, aad=aad)


def secret_key_unseal(token: bytes, *, purpose: bytes, person: bytes, aad: bytes) -> bytes:
    """Opens with SECRET_KEY or, after a rotation, one of SECRET_KEY_FALLBACKS."""
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        try:
            return unseal(_secret_key_subkey(secret, purpose, person), token, aad=aad)
        except DecryptionFailed:
            continue
    raise DecryptionFailed("no secret key opens this")


def server_seal(plaintext: str, *, purpose: str) -> bytes:
    """Seal a P1 field ("helpdesk.party.name") under the server key."""
    return seal(_server_subkey(purpose, b"p1"), plaintext.encode(), aad=purpose.encode())


def _server_unseal_any(token: bytes, *, purpose: str) -> tuple[str, bool]:
    """The plaintext, and whether it opened under the current key; DecryptionFailed when no
    configured server key opens it."""
    failure = DecryptionFailed("no server key opens this token")
    for age, master in enumerate([_current_server_key(), *_previous_server_keys()]):
        key = _server_subkey(purpose, b"p1", master)
        try:
            return unseal(key, token, aad=purpose.encode()).decode(), age == 0
        except DecryptionFailed as error:
            failure = error
    raise failure


def server_unseal(token: bytes, *, purpose: str) -> str:
    """Open a P1 field under the current server key, then (after a rotation) under each
    previous one (QORGAU_SERVER_KEY_PREVIOUS)."""
    return _server_unseal_any(token, purpose=purpose)[0]


def server_reseal(token: bytes, *, purpose: str) -> tuple[str, bytes | None]:
    """For a rotation: the plaintext of a P1 field, and the field sealed again under the current
    server key, or None when it already is. DecryptionFailed when no configured key opens it."""
    plaintext, current = _server_unseal_any(token, purpose=purpose)
    return plaintext, None if current else server_seal(plaintext, purpose=purpose)


_CONFUSABLE_CODE = str.maketrans(
    {
        "O": "0",
        "I": "1",
        "L": "1",
        # Cyrillic capitals that look like Latin ones, for codes typed on a Russian layout.
        "А": "A",
        "В": "B",
        "Е": "E",
        "К": "K",
        "М": "M",
        "Н": "H",
        "О": "0",
        "Р": "P",
        "С": "C",
        "Т": "T",
        "Х": "X",
        "У": "Y",
    }
)


def normalise_receipt_code(code: str) -> str:
    """Upper case, no spaces or dashes, look-alike letters folded (O→0, I/L→1, Cyrillic А→A)."""
    code = unicodedata.normalize("NFKC", code).upper().translate(_CONFUSABLE_CODE)
    return "".join(ch for ch in code if ch.isalnum())


_RECEIPT_WRAP_VERSION = b"\x02"  # secret wraps (the old receipt format too) start with 0x01


@dataclass(frozen=True)
class ReceiptKeys:
    """What one slow derivation of a receipt code yields: `lookup`, the hex hash a request is
    filed under, and `key_encryption_key`, which wraps the request's data key. Both are keyed
    BLAKE2b subkeys of one Argon2id output, so neither tells anything about the other.
    `old_lookup` is that Argon2id output itself, which is what receipts issued before were
    filed under; it is only compared with stored values, never stored for a new receipt."""

    lookup: str
    key_encryption_key: bytes = field(repr=False)  # never in a traceback or a log line
    old_lookup: str = field(repr=False)


def _receipt_subkey(root: bytes, purpose: bytes) -> bytes:
    return nacl.hash.blake2b(
        purpose,
        digest_size=KEY_BYTES,
        key=root,
        person=b"qorgau:receipt",
        encoder=nacl.encoding.RawEncoder,
    )


def _receipt_keys_under(master: bytes | None, canonical: str) -> ReceiptKeys:
    cost = _cost("QORGAU_RECEIPT_KDF_COST")
    salt = _server_subkey("receipt-lookup", b"receipt", master)[:_SALT_BYTES]
    root = argon2id.kdf(
        KEY_BYTES, canonical.encode(), salt, opslimit=cost.opslimit, memlimit=cost.memlimit
    )
    return ReceiptKeys(
        lookup=_receipt_subkey(root, b"lookup").hex(),
        key_encryption_key=_receipt_subkey(root, b"key-encryption"),
        old_lookup=root.hex(),
    )


def receipt_keys(code: str) -> ReceiptKeys:
    """One Argon2id of the normalised code (cost QORGAU_RECEIPT_KDF_COST) with a fixed salt
    (so the hash can be looked up) that is secret (derived from the server key), split into
    the lookup hash and the key-encryption key. A code carries 100 random bits, so a random
    salt per wrap would add nothing (docs/security.md)."""
    return _receipt_keys_under(None, normalise_receipt_code(code))


def previous_receipt_keys(code: str) -> list[ReceiptKeys]:
    """The receipt's keys under each previous server key (one Argon2id each, all of them
    always): receipts issued before a rotation cannot be re-hashed, since the server never
    keeps the codes. Empty when no previous key is configured."""
    canonical = normalise_receipt_code(code)
    return [_receipt_keys_under(master, canonical) for master in _previous_server_keys()]


def receipt_lookup_hash(code: str) -> str:
    """The slow keyed hash of a receipt code, the only form in which a receipt is stored."""
    return receipt_keys(code).lookup


def wrap_for_receipt(keys: ReceiptKeys, data_key: bytes, *, context: bytes) -> bytes:
    """Wrap a data key under a receipt's key-encryption key: no further slow derivation."""
    return _RECEIPT_WRAP_VERSION + seal(
        keys.key_encryption_key, data_key, aad=_RECEIPT_WRAP_VERSION + context
    )


def unwrap_for_receipt(code: str, keys: ReceiptKeys, wrapped: bytes, *, context: bytes) -> bytes:
    """Open a receipt wrap, telling the formats apart by their first byte: this module's
    (0x02, under `keys`), or the older `wrap_with_secret` of the normalised code (0x01, its
    own random salt, so one more Argon2id)."""
    if wrapped[:1] == _RECEIPT_WRAP_VERSION:
        return unseal(keys.key_encryption_key, wrapped[1:], aad=_RECEIPT_WRAP_VERSION + context)
    return unwrap_with_secret(normalise_receipt_code(code), wrapped, context=context)


# --- Names: variants for conflict checks across scripts and naming customs.

_KAZAKH_TO_RUSSIAN = str.maketrans(
    {"ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и"}
)
_CYRILLIC_TO_LATIN = str.maketrans(
    {
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "д": "d",
        "е": "e",
        "ж": "zh",
        "з": "z",
        "и": "i",
        "й": "y",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ў": "u",
        "ф": "f",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ъ": "",
        "ы": "y",
        "ь": "",
        "э": "e",
        "ю": "yu",
        "я": "ya",
    }
)
# Letters of the Kazakh Latin alphabets (2017, 2018, 2021) and Turkic spellings, before accents
# are stripped: each to the sound it stands for.
_LATIN_LETTERS = str.maketrans(
    {
        "ä": "a",
        "ǵ": "g",
        "ğ": "g",
        "ı": "y",
        "ñ": "n",
        "ń": "n",
        "ö": "o",
        "ó": "o",
        "ş": "sh",
        "ç": "ch",
        "ū": "u",
        "ü": "u",
        "ú": "u",
        "ý": "y",
        "q": "k",
        "w": "u",
        "x": "ks",
    }
)
# The Latin skeleton that Cyrillic and Latin spellings of one name share: spelling choices that
# transliterations disagree on are folded together.
_SKELETON_RULES = [
    (re.compile(r"s'|c'"), lambda m: "sh" if m.group(0)[0] == "s" else "ch"),
    (re.compile(r"'"), lambda m: ""),
    (re.compile(r"dzh|zh|dj"), lambda m: "j"),
    (re.compile(r"kh"), lambda m: "h"),
    (re.compile(r"shch|sch"), lambda m: "sh"),
    (re.compile(r"gh"), lambda m: "g"),
    (re.compile(r"y"), lambda m: "i"),
    (re.compile(r"i+"), lambda m: "i"),
    (re.compile(r"ie"), lambda m: "e"),
]
# Doubled letters are folded only after the ending is cut, so that "Серікқызы" keeps its k.
_DOUBLED = re.compile(r"(.)\1+")
# Endings that mark the father's name (Kazakh -ұлы/-қызы, Russian -ович/-овна) or a surname made
# from it (-ов/-ова/-ев/-ева), in skeleton spelling; the longest first.
_PATRONYMIC_ENDINGS = ("ovich", "evich", "ovna", "evna", "ichna", "uli", "kizi")
_SURNAME_ENDINGS = ("ova", "eva", "ov", "ev")
_MIN_STEM = 3
_ORGANISATION_FORMS = frozenset(
    {"тоо", "жшс", "ао", "ақ", "ооо", "зао", "оао", "пао", "ип", "жк", "оф", "ққ"}
    | {"llp", "llc", "jsc", "ltd", "inc", "plc", "gmbh"}
)
_PARTICLES = frozenset({"улы", "ұлы", "кызы", "қызы", "uly", "uli", "kyzy", "qyzy", "kizi"})
_PUNCTUATION = re.compile(r"[^\w\s'-]|_")


def _tokens(name: str) -> list[str]:
    text = unicodedata.normalize("NFKC", name).casefold().replace("ё", "е")
    text = text.replace("’", "'").replace("ʼ", "'").replace("`", "'")
    text = _PUNCTUATION.sub(" ", text)
    words: list[str] = []
    for raw in text.replace("-", " ").split():
        word = raw.strip("'")
        if not word or word in _ORGANISATION_FORMS:
            continue
        if word in _PARTICLES and words:
            words[-1] += word  # "Нұрлан ұлы" and "Нұрлан-ұлы" are "Нұрланұлы"
            continue
        words.append(word)
    return words


def _skeleton(word: str) -> str:
    word = word.translate(_KAZAKH_TO_RUSSIAN).translate(_CYRILLIC_TO_LATIN)
    word = word.translate(_LATIN_LETTERS)
    word = "".join(
        ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch)
    )
    for pattern, replace in _SKELETON_RULES:
        word = pattern.sub(replace, word)
    return word


def _stem(skeleton: str) -> tuple[str, bool]:
    """The name under its ending, and whether the ending marked a patronymic."""
    for ending in _PATRONYMIC_ENDINGS:
        if skeleton.endswith(ending) and len(skeleton) - len(ending) >= _MIN_STEM:
            return _DOUBLED.sub(r"\1", skeleton[: -len(ending)]), True
    for ending in _SURNAME_ENDINGS:
        if skeleton.endswith(ending) and len(skeleton) - len(ending) >= _MIN_STEM:
            return _DOUBLED.sub(r"\1", skeleton[: -len(ending)]), False
    return _DOUBLED.sub(r"\1", skeleton), False


def name_variants(name: str) -> set[str]:
    """Normalised variants of a person's or an organisation's name, for blind indexes.

    Two spellings of one name share at least one variant when they differ only by: case,
    punctuation, ё/е, Kazakh letters or their Russian equivalents, Cyrillic or Latin script
    (any common transliteration), the order of the words, the legal form of an organisation
    (ТОО, LLP, ...), or the form of the father's name: a Kazakh -ұлы/-қызы, a Russian
    patronymic -ович/-овна and a surname -ов/-ова/-ев/-ева built on the same name all count as
    that name, so "Нұрланұлы Ерлан", "Yerlan Nurlanuly" and "Ерлан Нурланович" match. In a name
    of three or more words, a patronymic may also be missing ("Нурланов Ерлан Серикович" matches
    "Ерлан Нурланов"). Initials match only initials. Matches are possible conflicts for a person
    to decide, so the rules err towards matching.
    """
    words = _tokens(name)
    if not words:
        return set()
    variants = {" ".join(words), " ".join(w.translate(_KAZAKH_TO_RUSSIAN) for w in words)}
    stems = [_stem(_skeleton(word)) for word in words]
    keys = [stem for stem, _ in stems]
    variants.add("~" + " ".join(sorted(keys)))
    patronymics = [i for i, (_, is_patronymic) in enumerate(stems) if is_patronymic]
    if len(keys) >= 3:
        for dropped in patronymics:
            rest = keys[:dropped] + keys[dropped + 1 :]
            variants.add("~" + " ".join(sorted(rest)))
    return variants


def blind_index(value: str, *, purpose: str) -> set[str]:
    """HMAC-SHA256 (a server subkey per purpose) of each variant of `value`, in hex. Two values
    possibly name the same party when their sets intersect."""
    key = _server_subkey(purpose, b"blindidx")
    return {
        hmac.new(key, variant.encode(), hashlib.sha256).hexdigest()
        for variant in name_variants(value)
    }
