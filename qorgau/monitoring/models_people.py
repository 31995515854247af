"""Who was targeted and who did it: outlets, victims (one record across incidents) and the links
of both to incidents. A victim's name is shown only with their consent; contacts never."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from qorgau.monitoring.models import Incident, PerpetratorKind


class Medium(models.TextChoices):
    UNKNOWN = "", _("not known")
    PRINT = "print", _("print")
    TV = "tv", _("television")
    RADIO = "radio", _("radio")
    ONLINE = "online", _("online media")
    AGENCY = "agency", _("news agency")
    SOCIAL = "social", _("social media or blog")
    SEVERAL = "several", _("several media")


class Outlet(models.Model):
    """A media outlet, named publicly (outlets are public actors)."""

    name = models.CharField(_("name"), max_length=200)
    medium = models.CharField(_("medium"), max_length=8, choices=Medium.choices, blank=True)
    website = models.URLField(_("website"), blank=True)
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["name"]
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["name"], name="mon_outlet")]

    def __str__(self) -> str:
        return self.name


class VictimRole(models.TextChoices):
    JOURNALIST = "journalist", _("journalist")
    CAMERA = "camera", _("camera operator or photographer")
    EDITOR = "editor", _("editor")
    BLOGGER = "blogger", _("blogger")
    CITIZEN = "citizen", _("citizen journalist")
    MEDIA_WORKER = "media_worker", _("media worker")
    OUTLET = "outlet", _("media outlet")
    SOURCE = "source", _("source")
    LAWYER = "lawyer", _("lawyer")
    FAMILY = "family", _("family member")


class Gender(models.TextChoices):
    UNKNOWN = "", _("not known")
    FEMALE = "female", _("woman")
    MALE = "male", _("man")
    OTHER = "other", _("other")


class Victim(models.Model):
    """A person or an outlet that suffered one or more incidents."""

    class Kind(models.TextChoices):
        PERSON = "person", _("person")
        OUTLET = "outlet", _("outlet")

    class Employment(models.TextChoices):
        UNKNOWN = "", _("not known")
        STAFF = "staff", _("staff")
        FREELANCE = "freelance", _("freelance")

    PUBLIC_FIELDS: ClassVar[tuple[str, ...]] = (
        "id",
        "kind",
        "role",
        "gender",
        "employment",
        "medium",
        "outlet_id",
        "public_name",
    )
    SENSITIVE_FIELDS: ClassVar[tuple[str, ...]] = ("name", "contact")

    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(_("name"), max_length=200, blank=True)
    consent_to_name = models.BooleanField(_("agrees to be named publicly"), default=False)
    contact = models.TextField(_("contact details"), blank=True)
    role = models.CharField(
        _("role"), max_length=12, choices=VictimRole.choices, default=VictimRole.JOURNALIST
    )
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices, blank=True)
    employment = models.CharField(
        _("staff or freelance"), max_length=9, choices=Employment.choices, blank=True
    )
    medium = models.CharField(_("medium"), max_length=8, choices=Medium.choices, blank=True)
    outlet = models.ForeignKey(
        Outlet,
        verbose_name=_("outlet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="victims",
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["name", "id"]
        verbose_name = _("victim")
        verbose_name_plural = _("victims")

    def __str__(self) -> str:
        return self.name or self.public_name

    @property
    def public_name(self) -> str:
        """The name the public may read: the real one only with consent (outlets are public)."""
        if self.kind == self.Kind.OUTLET:
            if self.outlet_id is not None:
                return self.outlet.name if self.outlet else self.name
            return self.name or gettext("media outlet")
        if self.consent_to_name and self.name:
            return self.name
        return gettext("%(role)s (name withheld)") % {"role": self.get_role_display()}

    def public_values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.PUBLIC_FIELDS}


class IncidentVictim(models.Model):
    """A victim in one incident. Role and gender are copied here so filters need no extra join."""

    class Targeted(models.TextChoices):
        UNKNOWN = "", _("not known")
        YES = "yes", _("yes")
        NO = "no", _("no")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="victim_links")
    victim = models.ForeignKey(
        Victim, verbose_name=_("victim"), on_delete=models.PROTECT, related_name="incident_links"
    )
    role = models.CharField(
        _("role in this incident"),
        max_length=12,
        choices=VictimRole.choices,
        default=VictimRole.JOURNALIST,
    )
    gender = models.CharField(max_length=6, choices=Gender.choices, blank=True, editable=False)
    targeted_for_work = models.CharField(
        _("targeted for their work"), max_length=3, choices=Targeted.choices, blank=True
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["id"]
        verbose_name = _("victim in an incident")
        verbose_name_plural = _("victims in incidents")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["incident", "victim"], name="mon_incident_victim_once")
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["role", "incident"], name="mon_victim_role"),
            models.Index(fields=["gender", "incident"], name="mon_victim_gender"),
        ]

    def __str__(self) -> str:
        return f"{self.incident_id}: {self.victim_id}"


class IncidentPerpetrator(models.Model):
    class Confidence(models.TextChoices):
        CONFIRMED = "confirmed", pgettext_lazy("attribution", "confirmed")
        LIKELY = "likely", pgettext_lazy("attribution", "likely")
        ALLEGED = "alleged", pgettext_lazy("attribution", "alleged")

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="perpetrator_links"
    )
    kind = models.ForeignKey(
        PerpetratorKind, verbose_name=_("perpetrator"), on_delete=models.PROTECT, related_name="+"
    )
    is_state = models.BooleanField(default=False, editable=False)
    confidence = models.CharField(
        _("attribution confidence"),
        max_length=9,
        choices=Confidence.choices,
        default=Confidence.LIKELY,
    )
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["id"]
        verbose_name = _("perpetrator")
        verbose_name_plural = _("perpetrators")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["kind", "incident"], name="mon_perp_kind"),
            models.Index(fields=["is_state", "incident"], name="mon_perp_state"),
        ]

    def __str__(self) -> str:
        return f"{self.incident_id}: {self.kind_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.is_state = self.kind.is_state
        super().save(*args, **kwargs)
