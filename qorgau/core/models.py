"""What every app shares: regions, the append-only audit trail, and calendar overrides."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qorgau.core.i18n import active_language


def localized(obj: object, field: str) -> tuple[str, str]:
    """Content stored per language (`title_kk`, `title_ru`, `title_en`): the text in the visitor's
    language, else the first other language that has it. Returns (text, language shown)."""
    active = active_language()
    for language in (active, "ru", "kk", "en"):
        text = getattr(obj, f"{field}_{language}", "")
        if text:
            return str(text), language
    return "", active


class TranslatedNameMixin:
    """Rows that carry `name_kk`, `name_ru`, `name_en` show the one for the active language."""

    @property
    def name(self) -> str:
        return localized(self, "name")[0]

    def __str__(self) -> str:
        return self.name


class Region(TranslatedNameMixin, models.Model):
    """A first-level division of Kazakhstan, by its ISO 3166-2:KZ code."""

    class Kind(models.TextChoices):
        REGION = "region", _("region")
        CITY = "city", _("city of republican significance")

    code = models.CharField(_("ISO 3166-2 code"), max_length=6, primary_key=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    name_kk = models.CharField(_("name in Kazakh"), max_length=80)
    name_ru = models.CharField(_("name in Russian"), max_length=80)
    name_en = models.CharField(_("name in English"), max_length=80)
    center_kk = models.CharField(_("administrative centre in Kazakh"), max_length=80, blank=True)
    center_ru = models.CharField(_("administrative centre in Russian"), max_length=80, blank=True)
    center_en = models.CharField(_("administrative centre in English"), max_length=80, blank=True)
    active = models.BooleanField(_("current"), default=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("audit events are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit events are append-only")


class AuditEvent(models.Model):
    """One thing someone did, recorded once and never changed.

    Anonymous visitors are recorded with no actor and nothing that could identify them.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        EXPORT = "export", _("exported")
        LOGIN = "login", _("signed in")
        LOGIN_FAILED = "login_failed", _("failed to sign in")
        LOCKED_OUT = "locked_out", _("was locked out")
        LOGOUT = "logout", _("signed out")
        REAUTH = "reauth", _("confirmed identity")
        OTP_ENROL = "otp_enrol", _("enrolled a second factor")
        OTP_RESET = "otp_reset", _("reset a second factor")
        RECOVERY_CODE_USED = "recovery_used", _("used a recovery code")
        PASSWORD_CHANGE = "password_change", _("changed a password")
        PASSWORD_RESET = "password_reset", _("requested a password reset")
        INVITE = "invite", _("invited")
        ROLES_CHANGE = "roles_change", _("changed roles")
        DEACTIVATE = "deactivate", _("deactivated")
        REACTIVATE = "reactivate", _("reactivated")
        TOKEN_CREATE = "token_create", _("created an API token")
        TOKEN_REVOKE = "token_revoke", _("revoked an API token")
        KEY_ADD = "key_add", _("added a security key")
        KEY_REMOVE = "key_remove", _("removed a security key")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=32, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    context = models.JSONField(_("context"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit events are append-only")

    @property
    def context_lines(self) -> list[str]:
        """The structured context as short "key: value" lines for people to read."""
        lines = []
        for key, value in self.context.items():
            shown = ", ".join(map(str, value)) if isinstance(value, list) else value
            lines.append(f"{key}: {shown}")
        return lines


class CalendarOverride(models.Model):
    """A correction to the Kazakh working-day calendar that the holidays package does not know yet:
    a day off declared by government decree, or a weekend day made a working day."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("day off")
        WORKING_DAY = "working_day", _("working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    reason_kk = models.CharField(_("reason in Kazakh"), max_length=200)
    reason_ru = models.CharField(_("reason in Russian"), max_length=200)
    reason_en = models.CharField(_("reason in English"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["date"]
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")

    def __str__(self) -> str:
        return f"{self.date}: {self.get_kind_display()}"

    @property
    def reason(self) -> str:
        return localized(self, "reason")[0]
