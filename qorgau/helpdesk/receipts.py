"""Receipt codes, the requester's short-lived access in the browser session, and the limits on
trying codes.

A receipt code is 20 characters of Crockford's base32 (100 random bits) in four groups of five,
so it can be written on paper and read over the phone. One slow derivation of the code
(`receipt_keys`) gives the keyed hash that is stored and, independently, the key that the
request's data key is wrapped under.

While a requester is "in" (after typing the code) the server session holds the request's id and
data key only sealed under a random key that lives solely in an HttpOnly cookie: a copy of the
session table opens nothing. Limits count per browser session, per code and across the site,
never per IP address.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from qorgau.core.crypto import DecryptionFailed, normalise_receipt_code, seal, unseal

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
CODE_LENGTH = 20
GROUP = 5
RECEIPT_CONTEXT = b"qorgau.helpdesk.receipt"
COOKIE_NAME = "qorgau_helpdesk"
VAULT_KEY = "helpdesk_vault"  # the requester's access: request id and data key, sealed
NEW_CODE_KEY = "helpdesk_new_receipt"  # the code just issued, sealed, until it has been seen
FAILURES_KEY = "helpdesk_receipt_failures"
SUBMISSIONS_KEY = "helpdesk_submissions"
NEW_CODE_SECONDS = 15 * 60


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return format_code(raw)


def format_code(code: str) -> str:
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def normalise(code: str) -> str | None:
    """The canonical form of what was typed, or None when it cannot be one of our codes
    (checked before any slow hash is spent on it)."""
    canonical = normalise_receipt_code(code)
    if len(canonical) != CODE_LENGTH or any(ch not in ALPHABET for ch in canonical):
        return None
    return canonical


# --- The cookie key and what is sealed under it in the session.


def _cookie_key(request: HttpRequest) -> bytes | None:
    raw = request.COOKIES.get(COOKIE_NAME, "")
    try:
        key = base64.urlsafe_b64decode(raw.encode())
    except (binascii.Error, ValueError):
        return None
    return key if len(key) == 32 else None


def _ensure_cookie_key(request: HttpRequest) -> bytes:
    key = getattr(request, "_helpdesk_cookie_key", None) or _cookie_key(request)
    if key is None:
        key = secrets.token_bytes(32)
    request._helpdesk_cookie_key = key  # type: ignore[attr-defined]
    return key


def set_cookie(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Send the cookie key chosen during this request, if any (a browser-session cookie)."""
    key = getattr(request, "_helpdesk_cookie_key", None)
    if key is not None and key != _cookie_key(request):
        response.set_cookie(
            COOKIE_NAME,
            base64.urlsafe_b64encode(key).decode(),
            httponly=True,
            samesite="Strict",
            secure=request.is_secure(),
        )
    return response


def _seal_in_session(request: HttpRequest, name: str, payload: dict[str, Any]) -> None:
    key = _ensure_cookie_key(request)
    token = seal(key, json.dumps(payload).encode(), aad=name.encode())
    request.session[name] = base64.b64encode(token).decode()


def _unseal_from_session(request: HttpRequest, name: str) -> dict[str, Any] | None:
    stored = request.session.get(name)
    key = _cookie_key(request)
    if not stored or key is None:
        return None
    try:
        payload: dict[str, Any] = json.loads(
            unseal(key, base64.b64decode(stored), aad=name.encode())
        )
    except (DecryptionFailed, ValueError, binascii.Error):
        request.session.pop(name, None)
        return None
    if payload.get("until", 0) < time.time():
        request.session.pop(name, None)
        return None
    return payload


def remember_new_code(request: HttpRequest, code: str) -> None:
    _seal_in_session(request, NEW_CODE_KEY, {"code": code, "until": time.time() + NEW_CODE_SECONDS})


def new_code_shown(request: HttpRequest) -> str | None:
    payload = _unseal_from_session(request, NEW_CODE_KEY)
    return str(payload["code"]) if payload else None


def forget_new_code(request: HttpRequest) -> None:
    request.session.pop(NEW_CODE_KEY, None)


@dataclass
class Access:
    """A requester who typed their code: which request, and its data key."""

    request_id: int
    data_key: bytes


def vault_open(request: HttpRequest, *, request_id: int, data_key: bytes) -> None:
    payload = {
        "request": request_id,
        "key": base64.b64encode(data_key).decode(),
        "until": time.time() + settings.HELPDESK_RECEIPT_SESSION_SECONDS,
    }
    _seal_in_session(request, VAULT_KEY, payload)


def vault_access(request: HttpRequest) -> Access | None:
    """The requester's access, renewed for another idle period; None when out or expired."""
    payload = _unseal_from_session(request, VAULT_KEY)
    if payload is None:
        return None
    access = Access(request_id=int(payload["request"]), data_key=base64.b64decode(payload["key"]))
    vault_open(request, request_id=access.request_id, data_key=access.data_key)
    return access


def vault_close(request: HttpRequest) -> None:
    for name in (VAULT_KEY, NEW_CODE_KEY):
        request.session.pop(name, None)


def codes_match(typed: str, code: str) -> bool:
    canonical = normalise(typed)
    return canonical is not None and hmac.compare_digest(canonical, normalise(code) or "")


# --- Limits. The cache is per process with the default local-memory cache; with CACHE_URL
# pointing at Redis they hold across every server.


class LimitReachedError(Exception):
    """A limit was reached: the message says what to do, and nothing about any request."""

    def __init__(self, reason: str, wait_seconds: int = 60) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait_minutes = max(1, -(-wait_seconds // 60))


def check_receipt_attempt(request: HttpRequest) -> None:
    """Before a slow hash is spent: this session's failures and the site-wide budget."""
    failures = request.session.get(FAILURES_KEY) or [0, time.time()]
    count, since = int(failures[0]), float(failures[1])
    window = settings.HELPDESK_RECEIPT_LOCK_SECONDS
    if time.time() - since > window:
        request.session.pop(FAILURES_KEY, None)
    elif count >= settings.HELPDESK_RECEIPT_ATTEMPTS:
        raise LimitReachedError("session", int(since + window - time.time()))
    minute = int(time.time() // 60)
    budget_key = f"helpdesk:receipt-checks:{minute}"
    cache.add(budget_key, 0, 120)
    if cache.incr(budget_key) > settings.HELPDESK_RECEIPT_CHECKS_PER_MINUTE:
        raise LimitReachedError("busy", 60)


def check_code_tries(lookup: str) -> None:
    key = f"helpdesk:receipt-tries:{lookup}"
    cache.add(key, 0, 3600)
    if cache.incr(key) > settings.HELPDESK_RECEIPT_TRIES_PER_CODE:
        raise LimitReachedError("code", 3600)


def record_failure(request: HttpRequest) -> None:
    failures = request.session.get(FAILURES_KEY) or [0, time.time()]
    request.session[FAILURES_KEY] = [int(failures[0]) + 1, float(failures[1])]


def record_success(request: HttpRequest) -> None:
    request.session.pop(FAILURES_KEY, None)


def _submissions_this_hour(request: HttpRequest) -> int:
    # An hour bucket and a count: the session never holds the time of a submission.
    bucket, count = request.session.get(SUBMISSIONS_KEY) or [0, 0]
    return int(count) if int(bucket) == int(time.time() // 3600) else 0


def check_submission(request: HttpRequest) -> None:
    """Before a submission is processed: per browser session per hour, and per minute overall."""
    now = time.time()
    if _submissions_this_hour(request) >= settings.HELPDESK_SUBMISSIONS_PER_SESSION:
        raise LimitReachedError("session", int(3600 - now % 3600))
    limit = settings.HELPDESK_SUBMISSIONS_PER_MINUTE
    if limit:
        key = f"helpdesk:submissions:{int(now // 60)}"
        cache.add(key, 0, 120)
        if cache.incr(key) > limit:
            raise LimitReachedError("busy", 60)


def record_submission(request: HttpRequest) -> None:
    count = _submissions_this_hour(request) + 1
    request.session[SUBMISSIONS_KEY] = [int(time.time() // 3600), count]
