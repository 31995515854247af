"""Staff key pairs: created with the password, unlocked at sign-in, kept in the session only
under a key that lives in a separate cookie, re-wrapped on password change, recovered with the
recovery key shown once at enrolment (docs/security.md)."""

from __future__ import annotations

import base64
import binascii
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone

from qorgau.accounts.models import User, UserKeyPair
from qorgau.core import crypto
from qorgau.core.models import AuditEvent
from qorgau.core.services import audit_record

__all__ = [
    "KeyPairError",
    "apply_cookie",
    "has_keypair",
    "keypair_create",
    "keypair_create_for_demo",
    "keypair_escrow_recover",
    "keypair_lock",
    "keypair_needs_recovery",
    "keypair_password_forgotten",
    "keypair_recover",
    "keypair_recovery_confirm",
    "keypair_recovery_renew",
    "keypair_rewrap",
    "keypair_unlock",
    "normalise_recovery_key",
    "private_key_for",
    "public_key_of",
]

CONTEXT_PASSWORD = b"qorgau:accounts:private-key:password"
CONTEXT_RECOVERY = b"qorgau:accounts:private-key:recovery"
SESSION_KEY = "qorgau_keypair"
_PENDING_COOKIE = "_qorgau_keypair_cookie"  # request attribute read by the middleware
_CACHE = "_qorgau_private_key"
# Crockford's base32: no I, L, O or U, so nothing reads as something else.
RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECOVERY_GROUPS, RECOVERY_GROUP_SIZE = 5, 5  # 25 symbols: 125 bits


class KeyPairError(Exception):
    """The secret does not open the key pair, or the pair is missing or already there."""


def cookie_name() -> str:
    # __Host- cookies must be Secure, host-only and for the whole site: what production sets.
    return "__Host-qorgau_keys" if settings.SESSION_COOKIE_SECURE else "qorgau_keys"


# --- Recovery keys


def new_recovery_key() -> str:
    symbols = "".join(
        secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_GROUPS * RECOVERY_GROUP_SIZE)
    )
    return _grouped(symbols)


def _grouped(symbols: str) -> str:
    size = RECOVERY_GROUP_SIZE
    return "-".join(symbols[i : i + size] for i in range(0, len(symbols), size))


def normalise_recovery_key(text: str) -> str:
    """As written down or typed: any case, spaces or dashes, O for 0, I or L for 1."""
    symbols = text.upper().translate(str.maketrans("OIL", "011"))
    return _grouped("".join(ch for ch in symbols if ch in RECOVERY_ALPHABET))


# --- Reads


def has_keypair(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return UserKeyPair.objects.filter(user=user).exists()


def keypair_of(user: Any) -> UserKeyPair | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return UserKeyPair.objects.filter(user=user).first()


def public_key_of(user: Any) -> bytes | None:
    pair = keypair_of(user)
    return bytes(pair.public_key) if pair else None


def keypair_needs_recovery(user: Any) -> bool:
    pair = keypair_of(user)
    return pair is not None and pair.needs_recovery


# --- Writes


def _escrow_wrap(private_key: bytes) -> bytes:
    escrow = crypto.escrow_public_key()
    return crypto.wrap_for(escrow, private_key) if escrow else b""


@transaction.atomic
def keypair_create(
    *, user: User, password: str, replace: bool = False, cost: crypto.KdfCost | None = None
) -> str:
    """Make the pair and return the recovery key, to be shown once. `replace` gives up an old
    pair that nothing opens any more: what was shared with it must be shared again."""
    replaced = UserKeyPair.objects.filter(user=user).exists()
    if replaced and not replace:
        raise KeyPairError("this person already has a key pair")
    pair, recovery_key = _pair_store(user=user, password=password, cost=cost)
    audit_record(
        actor=user,
        action=AuditEvent.Action.CREATE,
        obj=pair,
        context={"replaced": replaced, "escrow": bool(pair.private_under_escrow)},
    )
    return recovery_key


def keypair_create_for_demo(*, user: User, password: str) -> str:
    """A fresh pair for a demo person, replacing any, without an audit event (demo data)."""
    with transaction.atomic():
        return _pair_store(user=user, password=password, cost=None)[1]


def _pair_store(
    *, user: User, password: str, cost: crypto.KdfCost | None
) -> tuple[UserKeyPair, str]:
    UserKeyPair.objects.select_for_update().filter(user=user).delete()
    public, private = crypto.new_key_pair()
    recovery_key = new_recovery_key()
    pair = UserKeyPair.objects.create(
        user=user,
        public_key=public,
        private_under_password=crypto.wrap_with_secret(
            password, private, context=CONTEXT_PASSWORD, cost=cost
        ),
        private_under_recovery=crypto.wrap_with_secret(
            recovery_key, private, context=CONTEXT_RECOVERY, cost=cost
        ),
        private_under_escrow=_escrow_wrap(private),
    )
    return pair, recovery_key


def _locked_pair(user: User) -> UserKeyPair:
    pair = UserKeyPair.objects.select_for_update().filter(user=user).first()
    if pair is None:
        raise KeyPairError("this person has no key pair")
    return pair


@transaction.atomic
def keypair_rewrap(*, user: User, old_password: str, new_password: str) -> None:
    """On a password change. A pair the old password did not open is left to recovery, and
    the old wrap is dropped so that the old password opens nothing."""
    pair = UserKeyPair.objects.select_for_update().filter(user=user).first()
    if pair is None or pair.needs_recovery:
        return
    try:
        private = crypto.unwrap_with_secret(
            old_password, bytes(pair.private_under_password), context=CONTEXT_PASSWORD
        )
    except crypto.DecryptionFailed:
        pair.private_under_password = b""
    else:
        pair.private_under_password = crypto.wrap_with_secret(
            new_password, private, context=CONTEXT_PASSWORD
        )
    pair.save(update_fields=["private_under_password"])
    audit_record(
        actor=user,
        action=AuditEvent.Action.UPDATE,
        obj=pair,
        context={"rewrapped": not pair.needs_recovery},
    )


@transaction.atomic
def keypair_password_forgotten(*, user: User) -> None:
    """On a password reset: the old password must open nothing, so its wrap goes. The recovery
    key (or the escrow) brings the pair back."""
    updated = UserKeyPair.objects.filter(user=user).update(private_under_password=b"")
    if updated:
        audit_record(
            actor=user,
            action=AuditEvent.Action.UPDATE,
            object_type="accounts.userkeypair",
            object_id=user.keypair.pk,
            context={"password_reset": True},
        )


@transaction.atomic
def keypair_recover(*, user: User, recovery_key: str, new_password: str) -> None:
    """Open the pair with the recovery key and wrap it again under the (new) password."""
    pair = _locked_pair(user)
    try:
        private = crypto.unwrap_with_secret(
            normalise_recovery_key(recovery_key),
            bytes(pair.private_under_recovery),
            context=CONTEXT_RECOVERY,
        )
    except crypto.DecryptionFailed:
        raise KeyPairError("the recovery key does not open this key pair") from None
    pair.private_under_password = crypto.wrap_with_secret(
        new_password, private, context=CONTEXT_PASSWORD
    )
    pair.save(update_fields=["private_under_password"])
    audit_record(actor=user, action=AuditEvent.Action.UPDATE, obj=pair, context={"recovered": True})


@transaction.atomic
def keypair_recovery_renew(*, user: User, private_key: bytes) -> str:
    """A new recovery key for an unlocked pair (the old one was used, lost or not written
    down); the old recovery key opens nothing afterwards."""
    pair = _locked_pair(user)
    if crypto.public_key_from_private(private_key) != bytes(pair.public_key):
        raise KeyPairError("this private key is not the pair's")
    recovery_key = new_recovery_key()
    pair.private_under_recovery = crypto.wrap_with_secret(
        recovery_key, private_key, context=CONTEXT_RECOVERY
    )
    pair.recovery_confirmed_at = None
    pair.save(update_fields=["private_under_recovery", "recovery_confirmed_at"])
    audit_record(
        actor=user, action=AuditEvent.Action.UPDATE, obj=pair, context={"recovery_key": "new"}
    )
    return recovery_key


def keypair_recovery_confirm(*, user: User) -> None:
    UserKeyPair.objects.filter(user=user).update(recovery_confirmed_at=timezone.now())


@transaction.atomic
def keypair_escrow_recover(*, user: User, escrow_private_key: bytes) -> str:
    """The organisation's last resort (`qorgau keys escrow-recover`): open the pair with the
    offline escrow key and give the person a new recovery key, with which they set it under
    their password again."""
    pair = _locked_pair(user)
    if not bytes(pair.private_under_escrow):
        raise KeyPairError("this key pair was made without an escrow key")
    try:
        private = crypto.unwrap_with(escrow_private_key, bytes(pair.private_under_escrow))
    except crypto.DecryptionFailed:
        raise KeyPairError("the escrow key does not open this key pair") from None
    recovery_key = new_recovery_key()
    pair.private_under_recovery = crypto.wrap_with_secret(
        recovery_key, private, context=CONTEXT_RECOVERY
    )
    pair.private_under_password = b""
    pair.recovery_confirmed_at = None
    pair.save(
        update_fields=["private_under_recovery", "private_under_password", "recovery_confirmed_at"]
    )
    audit_record(actor=None, action=AuditEvent.Action.UPDATE, obj=pair, context={"escrow": True})
    return recovery_key


# --- The unlocked private key during a session


def _aad(user_pk: Any) -> bytes:
    return f"qorgau:session-private-key:{user_pk}".encode()


def keypair_unlock(request: HttpRequest, *, password: str, user: User | None = None) -> bool:
    """Open the private key with the password and keep it in the session, sealed under a fresh
    random key that only the browser holds (an HttpOnly cookie the middleware sets). `user`
    is for the sign-in step, before the session belongs to anyone."""
    owner = user if user is not None else request.user
    pair = keypair_of(owner)
    if pair is None or pair.needs_recovery:
        return False
    try:
        private = crypto.unwrap_with_secret(
            password, bytes(pair.private_under_password), context=CONTEXT_PASSWORD
        )
    except crypto.DecryptionFailed:
        return False
    _keep(request, owner.pk, private)
    return True


def _keep(request: HttpRequest, user_pk: Any, private_key: bytes) -> None:
    cookie_key = crypto.new_data_key()
    sealed = crypto.seal(cookie_key, private_key, aad=_aad(user_pk))
    request.session[SESSION_KEY] = {
        "user": user_pk,
        "sealed": base64.b64encode(sealed).decode(),
    }
    setattr(request, _PENDING_COOKIE, base64.urlsafe_b64encode(cookie_key).decode())
    setattr(request, _CACHE, private_key)


def keypair_lock(request: HttpRequest) -> None:
    """Forget the unlocked key in this session (the cookie goes with the response)."""
    request.session.pop(SESSION_KEY, None)
    setattr(request, _PENDING_COOKIE, "")
    setattr(request, _CACHE, None)


def private_key_for(request: HttpRequest) -> bytes | None:
    """The signed-in person's private key for this request, or None: then ask for the password
    again (`accounts:unlock-keys?next=`)."""
    user = request.user
    if not user.is_authenticated:
        return None
    cached = getattr(request, _CACHE, None)
    entry = request.session.get(SESSION_KEY)
    if not entry or entry.get("user") != user.pk:
        return None
    if cached is not None:
        return bytes(cached)
    cookie = getattr(request, _PENDING_COOKIE, None) or request.COOKIES.get(cookie_name(), "")
    try:
        cookie_key = base64.urlsafe_b64decode(cookie)
        sealed = base64.b64decode(entry["sealed"])
        private = crypto.unseal(cookie_key, sealed, aad=_aad(user.pk))
    except (binascii.Error, ValueError, KeyError, crypto.DecryptionFailed):
        return None
    setattr(request, _CACHE, private)
    return private


def keep_unlocked(request: HttpRequest, private_key: bytes) -> None:
    """Keep an already opened private key of the signed-in person (after a recovery)."""
    _keep(request, request.user.pk, private_key)


def apply_cookie(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """Set, refresh or delete the key cookie; called by the middleware on every response."""
    name = cookie_name()
    pending = getattr(request, _PENDING_COOKIE, None)
    if pending:
        response.set_cookie(
            name,
            pending,
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
            samesite="Lax",
            path="/",
        )
    elif pending == "" or (
        name in request.COOKIES and SESSION_KEY not in getattr(request, "session", {})
    ):
        response.delete_cookie(name, path="/", samesite="Lax")
    return response
