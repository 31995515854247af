"""The demo cast: one person per role, each with a password printed by `qorgau demo`."""

from __future__ import annotations

from django.db import transaction

from qorgau.accounts import keys
from qorgau.accounts.models import STAFF_ROLES, Role, User, UserRole

DEMO_PASSWORD = "demo-qorgau-sign-in"  # noqa: S105 - demo data only; `qorgau demo` refuses in production
DEMO_DOMAIN = "qorgau.test"
# Recovery keys of the demo key pairs, kept for `summary()` (demo only: real ones are shown once).
RECOVERY_KEYS: dict[str, str] = {}

CAST = [
    ("dana", "Дана Серікқызы", "kk", [Role.ADMIN]),
    ("alice", "Әлия Нұрланқызы", "kk", [Role.COORDINATOR]),
    ("bob", "Болат Ермеков", "ru", [Role.LAWYER]),
    ("erlan", "Ерлан Жақыпов", "kk", [Role.MONITOR]),
    ("gulnara", "Гульнара Ахметова", "ru", [Role.EDITOR]),
    ("marat", "Марат Исаев", "ru", [Role.TRAINER]),
    ("saule", "Saule Tokhtarova", "en", [Role.ANALYST]),
    ("charlie", "Шолпан Қасымова", "kk", [Role.MEMBER]),
]


@transaction.atomic
def load() -> None:
    """Create or reset the demo people. Users are never deleted (the audit trail points at them)."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for login, name, language, roles in CAST:
        user, _created = User.objects.get_or_create(email=f"{login}@{DEMO_DOMAIN}")
        user.full_name = name
        user.preferred_language = language
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        UserRole.objects.filter(user=user).delete()
        UserRole.objects.bulk_create([UserRole(user=user, role=role) for role in roles])
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        user.security_keys.all().delete()
        if STAFF_ROLES & set(roles):
            # Argon2id at QORGAU_KDF_COST: low in development and tests, so this stays quick.
            RECOVERY_KEYS[login] = keys.keypair_create_for_demo(user=user, password=DEMO_PASSWORD)


def summary() -> list[str]:
    lines = [f"Demo sign-ins, all with the password {DEMO_PASSWORD}:"]
    for login, _name, _language, roles in CAST:
        lines.append(f"  {login + '@' + DEMO_DOMAIN:<22} {', '.join(role.value for role in roles)}")
    lines.append(
        "Every role but member sets up a second factor (an authenticator app) at first sign-in."
    )
    if RECOVERY_KEYS:
        lines.append("Staff have encryption keys, opened by the password; their recovery keys:")
        for login, recovery_key in RECOVERY_KEYS.items():
            lines.append(f"  {login:<8} {recovery_key}")
    return lines
