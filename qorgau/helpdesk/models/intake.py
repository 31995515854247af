"""Help requests as they arrive from the public form, with their keys, messages and files.

Levels (../shared/DESIGN.md): routing facts are P0 and stored in the clear (day of arrival,
status, forum, kind of requester, help wanted, region, language, detention, the next dates);
everything the requester wrote is P2 and stored in `sealed`, one JSON document sealed with the
request's own data key. The data key itself is stored only wrapped: for each coordinator's key
pair, for the escrow key if one is configured, and under the requester's receipt code.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qorgau.helpdesk.models.files import EncryptedFile

__all__ = [
    "URGENT_DEADLINE_DAYS",
    "URGENT_HEARING_DAYS",
    "HelpRequest",
    "RequestFile",
    "RequestKeyGrant",
    "RequestMessage",
]

URGENT_HEARING_DAYS = 7
URGENT_DEADLINE_DAYS = 14


class HelpRequestQuerySet(models.QuerySet["HelpRequest"]):
    def urgent(self, today: date | None = None) -> HelpRequestQuerySet:
        """Requests that need an answer first: someone detained, a hearing within 7 days or a
        deadline within 14 (past dates still count: they are overdue, not less urgent)."""
        return self.filter(self.urgent_condition(today))

    @staticmethod
    def urgent_condition(today: date | None = None) -> Q:
        today = today or timezone.localdate()
        return (
            Q(detained=True)
            | Q(next_hearing__lte=today + timedelta(days=URGENT_HEARING_DAYS))
            | Q(next_deadline__lte=today + timedelta(days=URGENT_DEADLINE_DAYS))
        )

    def with_urgency(self, today: date | None = None) -> HelpRequestQuerySet:
        """Adds `urgent_flag` (bool) for ordering the queue by urgency in the database."""
        return self.annotate(
            urgent_flag=models.Case(
                models.When(self.urgent_condition(today), then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )


class HelpRequest(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        TRIAGE = "triage", _("being assessed")
        NEED_INFO = "need_info", _("more information needed")
        ACCEPTED = "accepted", _("accepted")
        ADVICE = "advice", _("advice given")
        REFERRED = "referred", _("referred to a partner")
        DECLINED = "declined", _("declined")
        EXPIRED = "expired", _("expired")
        CLOSED = "closed", _("closed")

    class Forum(models.TextChoices):
        CRIMINAL = "criminal", _("criminal")
        ADMINISTRATIVE = "administrative", _("administrative offence")
        CIVIL = "civil", _("civil")
        OTHER = "other", _("other")
        UNKNOWN = "unknown", _("don't know")

    class RequesterKind(models.TextChoices):
        JOURNALIST = "journalist", _("journalist")
        BLOGGER = "blogger", _("blogger")
        OUTLET = "outlet", _("media outlet")
        FAMILY = "family", _("family member or friend")
        LAWYER = "lawyer", _("lawyer")
        NGO = "ngo", _("non-governmental organisation")

    class Help(models.TextChoices):
        ADVICE = "advice", _("legal advice")
        REPRESENTATION = "representation", _("representation by a lawyer")
        REVIEW = "review", _("review before publication")
        FUNDING = "funding", _("funding of the defence")
        REFERRAL = "referral", _("referral to another organisation")

    class Language(models.TextChoices):
        KAZAKH = "kk", "Қазақша"
        RUSSIAN = "ru", "Русский"
        ENGLISH = "en", "English"

    # Random and public to staff only: binds the sealed content to this row (see `aad`).
    uid = models.CharField(max_length=64, unique=True, default=secrets.token_hex, editable=False)
    # Day precision on purpose: an exact time could be matched against network records.
    received_on = models.DateField(_("received on"), default=timezone.localdate, db_index=True)
    last_activity_on = models.DateField(_("last activity"), default=timezone.localdate)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    forum = models.CharField(
        _("forum"), max_length=16, choices=Forum.choices, default=Forum.UNKNOWN
    )
    requester_kind = models.CharField(
        _("who is asking"), max_length=12, choices=RequesterKind.choices, blank=True
    )
    help_wanted = models.JSONField(_("help wanted"), default=list, blank=True)
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, blank=True)
    detained = models.BooleanField(_("someone is detained"), default=False)
    next_hearing = models.DateField(_("next hearing"), null=True, blank=True)
    next_deadline = models.DateField(_("next deadline"), null=True, blank=True)
    has_lawyer = models.BooleanField(_("already has a lawyer"), null=True, blank=True)
    # P2: description, name, organisation, contact way and time, links (JSON, sealed).
    sealed = models.BinaryField()
    # A slow keyed hash of the receipt code: finds the request, cannot give the code back.
    receipt_lookup = models.CharField(max_length=128, unique=True)
    # A keyed hash of the form's one-time token: the same form sent twice makes one request.
    submission = models.CharField(max_length=64, unique=True)
    # The conversation's own random key, sealed with the data key (see `message_key_aad`): the
    # case's lawyers get a copy sealed with the case key, and so read and write messages
    # without ever holding the data key, which also opens the identity and the intake.
    message_key_sealed = models.BinaryField(default=b"", blank=True, editable=False)

    objects = HelpRequestQuerySet.as_manager()

    class Meta:
        ordering: ClassVar[list[str]] = ["-received_on", "-pk"]
        verbose_name = _("help request")
        verbose_name_plural = _("help requests")

    def __str__(self) -> str:
        label = _("Help request")
        return f"{label} {self.reference}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("helpdesk:request-detail", kwargs={"pk": self.pk})

    @property
    def reference(self) -> str:
        """What staff call the request: its number, never anything the requester wrote."""
        return f"HR-{self.pk}"

    @property
    def aad(self) -> bytes:
        return f"qorgau.helpdesk.request:{self.uid}".encode()

    @property
    def message_key_aad(self) -> bytes:
        return f"qorgau.helpdesk.request-message-key:{self.uid}".encode()

    def urgency_reasons(self, today: date | None = None) -> list[str]:
        today = today or timezone.localdate()
        reasons = []
        if self.detained:
            reasons.append(str(_("someone is detained")))
        if self.next_hearing and self.next_hearing <= today + timedelta(days=URGENT_HEARING_DAYS):
            reasons.append(str(_("hearing within 7 days")))
        if self.next_deadline and self.next_deadline <= today + timedelta(
            days=URGENT_DEADLINE_DAYS
        ):
            reasons.append(str(_("deadline within 14 days")))
        return reasons

    @property
    def is_urgent(self) -> bool:
        return bool(self.urgency_reasons())

    @property
    def help_wanted_labels(self) -> list[str]:
        valid = dict(self.Help.choices)
        return [str(valid[code]) for code in self.help_wanted if code in valid]

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.EXPIRED, self.Status.CLOSED)


class RequestKeyGrant(models.Model):
    """The request's data key wrapped for one reader: a staff member's key pair, the escrow
    key, or the requester's receipt code."""

    class Kind(models.TextChoices):
        USER = "user", _("staff member")
        ESCROW = "escrow", _("escrow key")
        RECEIPT = "receipt", _("requester's receipt")

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="grants")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    wrapped_key = models.BinaryField()
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering: ClassVar[list[str]] = ["pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["request", "user"],
                condition=Q(user__isnull=False),
                name="helpdesk_one_grant_per_user",
            ),
            models.UniqueConstraint(
                fields=["request", "kind"],
                condition=Q(kind__in=["escrow", "receipt"]),
                name="helpdesk_one_escrow_and_receipt_grant",
            ),
            models.CheckConstraint(
                condition=Q(kind="user", user__isnull=False) | ~Q(kind="user"),
                name="helpdesk_user_grant_names_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request.reference}: {self.get_kind_display()} {self.user or ''}".strip()


class RequestMessage(models.Model):
    class Direction(models.TextChoices):
        FROM_REQUESTER = "in", _("from the requester")
        TO_REQUESTER = "out", _("to the requester")

    class SealedWith(models.TextChoices):
        # Messages from before the conversation had its own key: coordinators only.
        DATA_KEY = "data", _("the request's data key")
        MESSAGE_KEY = "message", _("the conversation's key")

    uid = models.CharField(max_length=64, unique=True, default=secrets.token_hex, editable=False)
    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=3, choices=Direction.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.BinaryField()  # sealed with the key that `sealed_with` names
    sealed_with = models.CharField(
        max_length=8, choices=SealedWith.choices, default=SealedWith.MESSAGE_KEY
    )
    # Written by the case's lawyer from the case page: the requester sees "your lawyer".
    from_lawyer = models.BooleanField(default=False)
    # From the requester, in a case with a lawyer: the lawyer is still to hear of it. A flag the
    # next notification run clears, rather than a timed task naming the case (see notify_lawyers).
    lawyer_to_be_told = models.BooleanField(default=False, editable=False)
    sent_on = models.DateField(_("sent on"), default=timezone.localdate)

    class Meta:
        ordering: ClassVar[list[str]] = ["pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.request.reference} {self.get_direction_display()} {self.sent_on}"

    @property
    def from_requester(self) -> bool:
        return self.direction == self.Direction.FROM_REQUESTER

    @property
    def aad(self) -> bytes:
        """Binds the body to this message of this request: it cannot be moved or swapped."""
        return f"qorgau.helpdesk.message:{self.request.uid}:{self.uid}".encode()


class RequestFile(models.Model):
    """A file attached to a request, by the requester (with the form or later) or by staff."""

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="files")
    file = models.OneToOneField(EncryptedFile, on_delete=models.PROTECT, related_name="+")
    from_requester = models.BooleanField(default=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["pk"]
        verbose_name = _("attached file")
        verbose_name_plural = _("attached files")

    def __str__(self) -> str:
        return f"{self.request.reference}: {self.file}"
