"""People, their roles, and what they sign in with."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("administrator")
    COORDINATOR = "coordinator", _("coordinator")
    LAWYER = "lawyer", _("lawyer")
    MONITOR = "monitor", _("monitor")
    EDITOR = "editor", _("editor")
    TRAINER = "trainer", _("trainer")
    ANALYST = "analyst", _("analyst")
    OBSERVER = "observer", _("observer")  # reads cases, changes nothing
    CUSTODIAN = "custodian", _("identity custodian")  # approves revealing a requester's identity
    MEMBER = "member", _("member")


STAFF_ROLES = frozenset(Role) - {Role.MEMBER}


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("an e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_superuser", True)
        user = self.create_user(email, password, **extra)
        UserRole.objects.get_or_create(user=user, role=Role.ADMIN)
        return user


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=[("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")],
        default="kk",
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering: ClassVar[list[str]] = ["email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @cached_property
    def roles(self) -> frozenset[str]:
        # .all() so that a list that prefetched role_assignments costs no query per person
        return frozenset(assignment.role for assignment in self.role_assignments.all())

    @property
    def is_staff_member(self) -> bool:
        """Holds any role beyond member: must sign in with a second factor."""
        return bool(self.roles & STAFF_ROLES)

    @property
    def is_staff(self) -> bool:  # what Django's own tools look for
        return self.is_active and Role.ADMIN in self.roles

    def role_labels(self) -> list[str]:
        return [str(Role(code).label) for code in Role.values if code in self.roles]


class UserRole(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["user", "role"], name="unique_user_role")
        ]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()}"


class LoginThrottle(models.Model):
    """Failed sign-ins counted per account (a keyed hash of the address typed), never per IP.

    Unknown addresses are counted too, so the lock-out message says nothing about whether
    an account exists.
    """

    key = models.CharField(max_length=64, primary_key=True)
    failures = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.key[:8]}…: {self.failures}"

    def is_locked(self, now: Any = None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or timezone.now())


class ApiToken(models.Model):
    """A personal API token. Only a hash is stored; the token is shown once when created."""

    class Scope(models.TextChoices):
        READ = "read", _("read only")
        WRITE = "write", _("read and write")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64)
    scope = models.CharField(_("scope"), max_length=8, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    last_used_on = models.DateField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_secret(secret: str) -> str:
        # The secret is 256 random bits: a fast hash is enough, a slow one would only add latency.
        return hashlib.sha256(secret.encode()).hexdigest()

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now() and self.user.is_active

    @property
    def expires_soon(self) -> bool:
        return self.expires_at - timezone.now() < timedelta(days=7)


class SecurityKey(models.Model):
    """A WebAuthn credential (security key or platform authenticator) as a second factor."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="security_keys")
    name = models.CharField(_("name"), max_length=80)
    credential_id = models.BinaryField()
    public_key = models.BinaryField()
    sign_count = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["created_at"]
        verbose_name = _("security key")
        verbose_name_plural = _("security keys")

    def __str__(self) -> str:
        return self.name


class UserKeyPair(models.Model):
    """A staff member's encryption key pair (docs/security.md). The private key is stored only
    wrapped: under a key derived from their password, under their recovery key, and, when the
    organisation keeps one, for the offline escrow key."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="keypair")
    public_key = models.BinaryField()
    # Empty after a password reset: only the recovery key (or the escrow) opens the pair then.
    private_under_password = models.BinaryField(blank=True, default=b"")
    private_under_recovery = models.BinaryField()
    private_under_escrow = models.BinaryField(blank=True, default=b"")
    created_at = models.DateTimeField(default=timezone.now)
    recovery_confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("encryption key pair")
        verbose_name_plural = _("encryption key pairs")

    def __str__(self) -> str:
        return f"{self.user}: {bytes(self.public_key).hex()[:8]}…"

    @property
    def needs_recovery(self) -> bool:
        """The password no longer opens the private key (it was reset)."""
        return not bytes(self.private_under_password)
