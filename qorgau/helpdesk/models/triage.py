"""Triage: a coordinator's assessment of a help request, and conflict checks against every
earlier party. Free-text reasoning is P2, sealed with the request's data key."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = ["ConflictCheck", "TriageAssessment"]


class TriageAssessment(models.Model):
    class Answer(models.TextChoices):
        YES = "yes", _("yes")
        PARTLY = "partly", _("partly or unclear")
        NO = "no", _("no")

    class Level(models.TextChoices):
        LOW = "low", pgettext_lazy("level", "low")
        MEDIUM = "medium", pgettext_lazy("level", "medium")
        HIGH = "high", pgettext_lazy("level", "high")

    class Jurisdiction(models.TextChoices):
        KAZAKHSTAN = "kz", _("Kazakhstan")
        INTERNATIONAL = "international", _("an international mechanism")
        FOREIGN = "foreign", _("another country")
        UNCLEAR = "unclear", _("unclear")

    class Decision(models.TextChoices):
        ACCEPT = "accept", _("accept")
        ADVICE = "advice", _("advice only")
        REFER = "refer", _("refer to a partner")
        DECLINE = "decline", _("decline")
        MORE_INFO = "more_info", _("ask for more information")

    NEEDS_REASON: ClassVar[frozenset[str]] = frozenset({Decision.DECLINE, Decision.REFER})

    help_request = models.ForeignKey(
        "helpdesk.HelpRequest", on_delete=models.CASCADE, related_name="assessments"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    journalistic_function = models.CharField(
        _("does the requester do journalism?"), max_length=8, choices=Answer.choices
    )
    journalism_link = models.CharField(
        _("is the legal action linked to the journalism?"), max_length=8, choices=Answer.choices
    )
    public_interest = models.CharField(_("public interest"), max_length=8, choices=Level.choices)
    jurisdiction = models.CharField(_("jurisdiction"), max_length=16, choices=Jurisdiction.choices)
    risk = models.CharField(_("risk to the requester"), max_length=8, choices=Level.choices)
    strategic = models.CharField(
        _("strategic-litigation potential"), max_length=8, choices=Level.choices
    )
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices)
    refer_to = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("refer to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reasoning_sealed = models.BinaryField(default=b"", editable=False)
    reason_sealed = models.BinaryField(default=b"", editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]
        verbose_name = _("triage assessment")
        verbose_name_plural = _("triage assessments")

    def __str__(self) -> str:
        return f"{self.help_request_id}: {self.decision}"


class ConflictCheck(models.Model):
    """A name checked against every earlier party. Possible matches are listed for a person to
    decide; the name itself is P1 (sealed with the server key), the reason P2 when the check
    belongs to a case (sealed with its key)."""

    class Status(models.TextChoices):
        CLEAR = "clear", _("no earlier party matches")
        POSSIBLE = "possible", _("possible conflict: a person must decide")
        NO_CONFLICT = "no_conflict", _("decided: no conflict")
        CONFLICT = "conflict", _("decided: conflict")

    case = models.ForeignKey(
        "helpdesk.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="conflicts"
    )
    help_request = models.ForeignKey(
        "helpdesk.HelpRequest",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="conflict_checks",
    )
    name_sealed = models.BinaryField(editable=False)
    matches = models.ManyToManyField("helpdesk.Party", related_name="+", blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason_sealed = models.BinaryField(default=b"", editable=False)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"conflict check {self.pk}: {self.status}"

    @property
    def name(self) -> str:
        from qorgau.core.crypto import server_unseal

        return server_unseal(bytes(self.name_sealed), purpose="helpdesk.conflict")

    @property
    def needs_decision(self) -> bool:
        return self.status == self.Status.POSSIBLE
