"""Account state changes: sign-in throttling, second factors, invitations, roles, tokens.

Each function validates, writes and records its audit event, so no caller can forget one.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from qorgau.accounts.models import ApiToken, LoginThrottle, Role, SecurityKey, User, UserRole
from qorgau.accounts.tokens import generate_token
from qorgau.core.models import AuditEvent
from qorgau.core.services import audit_record

RECOVERY_CODE_COUNT = 10
LOCK_BASE = timedelta(minutes=1)
LOCK_MAX = timedelta(hours=1)


# --- Sign-in throttling, keyed on the account typed, never on the client address.


def _throttle_key(email: str) -> str:
    normalised = email.strip().lower()
    return hmac.new(settings.SECRET_KEY.encode(), normalised.encode(), hashlib.sha256).hexdigest()


def login_locked_until(*, email: str) -> datetime | None:
    throttle = LoginThrottle.objects.filter(key=_throttle_key(email)).first()
    if throttle is not None and throttle.is_locked():
        return throttle.locked_until
    return None


@transaction.atomic
def login_failure_record(*, email: str, user: User | None) -> datetime | None:
    """Count one failure; after LOGIN_FAILURE_LIMIT in a row the account waits, longer each time."""
    now = timezone.now()
    throttle, _created = LoginThrottle.objects.select_for_update().get_or_create(
        key=_throttle_key(email)
    )
    throttle.failures += 1
    throttle.updated_at = now
    limit = settings.LOGIN_FAILURE_LIMIT
    if throttle.failures >= limit:
        doublings = min(throttle.failures - limit, 10)
        throttle.locked_until = now + min(LOCK_BASE * (2**doublings), LOCK_MAX)
    throttle.save(update_fields=["failures", "updated_at", "locked_until"])
    if user is not None:
        locked = throttle.locked_until is not None and throttle.locked_until > now
        audit_record(
            actor=None,
            action=AuditEvent.Action.LOCKED_OUT if locked else AuditEvent.Action.LOGIN_FAILED,
            obj=user,
            context={"failures": throttle.failures},
        )
    return throttle.locked_until if throttle.is_locked(now) else None


def login_success_record(*, user: User, method: str) -> None:
    login_throttle_clear(email=user.email)
    User.objects.filter(pk=user.pk).update(last_login=timezone.now())
    audit_record(actor=user, action=AuditEvent.Action.LOGIN, obj=user, context={"method": method})


# --- Second factors.


def totp_device_for(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_second_factor(user: User) -> bool:
    return totp_device_for(user) is not None or SecurityKey.objects.filter(user=user).exists()


def totp_enrolment_start(*, user: User) -> TOTPDevice:
    """An unconfirmed device whose secret the user scans; it counts only once a code is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


@transaction.atomic
def totp_enrolment_confirm(*, user: User, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the device with a code from the app; returns fresh recovery codes, or None if wrong."""
    if device.user_id != user.pk or not device.verify_token(code.replace(" ", "")):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(actor=user, action=AuditEvent.Action.OTP_ENROL, obj=user, context={"kind": "totp"})
    return recovery_codes_regenerate(user=user)


def _format_recovery_code(raw: str) -> str:
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_recovery_code(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def _recovery_hash(code: str) -> str:
    # 16 hex characters fit django-otp's token column; the codes carry ~59 random bits.
    return hashlib.sha256(normalise_recovery_code(code).encode()).hexdigest()[:16]


@transaction.atomic
def recovery_codes_regenerate(*, user: User) -> list[str]:
    """Ten single-use codes, shown once; only a hash of each is stored."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name="recovery")
    device.token_set.all().delete()
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    codes = [
        "".join(secrets.choice(alphabet) for _ in range(12)) for _ in range(RECOVERY_CODE_COUNT)
    ]
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=_recovery_hash(code)) for code in codes]
    )
    return [_format_recovery_code(code) for code in codes]


def recovery_codes_left(user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__name="recovery").count())


def second_factor_verify(*, user: User, code: str) -> tuple[object | None, str]:
    """Check a code from the authenticator app or a recovery code. Returns (device, method)."""
    digits = code.replace(" ", "").replace("-", "")
    totp = totp_device_for(user)
    if totp is not None and digits.isdigit() and len(digits) == 6 and totp.verify_token(digits):
        return totp, "totp"
    recovery = StaticDevice.objects.filter(user=user, name="recovery").first()
    if recovery is not None and recovery.verify_token(_recovery_hash(code)):
        audit_record(
            actor=user,
            action=AuditEvent.Action.RECOVERY_CODE_USED,
            obj=user,
            context={"left": recovery.token_set.count()},
        )
        return recovery, "recovery"
    return None, ""


@transaction.atomic
def second_factor_reset(*, actor: User, user: User) -> None:
    """An administrator clears a lost factor; the user must enrol again at next sign-in."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    SecurityKey.objects.filter(user=user).delete()
    audit_record(actor=actor, action=AuditEvent.Action.OTP_RESET, obj=user)


@transaction.atomic
def security_key_add(
    *, user: User, name: str, credential_id: bytes, public_key: bytes, sign_count: int
) -> SecurityKey:
    key = SecurityKey.objects.create(
        user=user,
        name=name,
        credential_id=credential_id,
        public_key=public_key,
        sign_count=sign_count,
    )
    audit_record(actor=user, action=AuditEvent.Action.KEY_ADD, obj=key)
    return key


@transaction.atomic
def security_key_remove(*, user: User, key: SecurityKey) -> None:
    audit_record(
        actor=user, action=AuditEvent.Action.KEY_REMOVE, obj=key, context={"name": key.name}
    )
    key.delete()


# --- People and roles.


@transaction.atomic
def user_invite(
    *, actor: User, email: str, full_name: str, roles: list[str], language: str, base_url: str
) -> User:
    """Create the account without a password and mail a link to choose one (in the background)."""
    from qorgau.accounts.tasks import send_invitation

    user = User.objects.create_user(
        email=email, password=None, full_name=full_name, preferred_language=language
    )
    UserRole.objects.bulk_create([UserRole(user=user, role=role) for role in roles])
    transaction.on_commit(
        lambda: send_invitation.enqueue(user_id=user.pk, inviter_id=actor.pk, base_url=base_url)
    )
    audit_record(
        actor=actor, action=AuditEvent.Action.INVITE, obj=user, context={"roles": sorted(roles)}
    )
    return user


def set_password_path(user: User) -> str:
    """The path of a one-time link to choose a password, in the user's language."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    with translation.override(user.preferred_language):
        return reverse("accounts:password-reset-confirm", kwargs={"uidb64": uid, "token": token})


@transaction.atomic
def user_roles_set(*, actor: User, user: User, roles: list[str]) -> None:
    wanted = {Role(role) for role in roles}
    before = set(user.roles)
    if user.pk == actor.pk and Role.ADMIN in before and Role.ADMIN not in wanted:
        raise ValueError("administrators cannot remove their own administrator role")
    UserRole.objects.filter(user=user).exclude(role__in=wanted).delete()
    UserRole.objects.bulk_create(
        [UserRole(user=user, role=role) for role in wanted - before], ignore_conflicts=True
    )
    user.__dict__.pop("roles", None)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.ROLES_CHANGE,
        obj=user,
        context={"before": sorted(before), "after": sorted(str(r) for r in wanted)},
    )


@transaction.atomic
def user_set_active(*, actor: User, user: User, active: bool) -> None:
    if user.pk == actor.pk and not active:
        raise ValueError("you cannot deactivate your own account")
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        _end_sessions(user)
    action = AuditEvent.Action.REACTIVATE if active else AuditEvent.Action.DEACTIVATE
    audit_record(actor=actor, action=action, obj=user)


def _end_sessions(user: User) -> None:
    """Deactivated people are signed out everywhere at once."""
    from django.contrib.sessions.models import Session

    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()


# --- API tokens.


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str


@transaction.atomic
def api_token_create(*, user: User, name: str, scope: str, days: int) -> IssuedToken:
    full, prefix, key_hash = generate_token()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=prefix,
        key_hash=key_hash,
        scope=scope,
        expires_at=timezone.now() + timedelta(days=days),
    )
    audit_record(
        actor=user,
        action=AuditEvent.Action.TOKEN_CREATE,
        obj=token,
        context={"scope": scope, "days": days},
    )
    return IssuedToken(token=token, secret=full)


@transaction.atomic
def api_token_revoke(*, user: User, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=user, action=AuditEvent.Action.TOKEN_REVOKE, obj=token)


def login_throttle_clear(*, email: str) -> None:
    """A successful password reset proves control of the address: lift any lock on it."""
    LoginThrottle.objects.filter(key=_throttle_key(email)).delete()
