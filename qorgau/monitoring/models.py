"""The record of violations of journalists' rights: incidents, their victims, perpetrators, legal
proceedings, online violence, sources and responses, and the vocabularies they use.

Facts used to filter and count (date, year, month, region, status, verification, context, type
codes, victim gender and role, perpetrator kind, provision) sit on the incident itself or in
narrow, indexed link tables, so a million incidents can be filtered and counted quickly.
What may be shown to the public is declared here once (`PUBLIC_FIELDS`, `Victim.public_name`).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qorgau.core.models import TranslatedNameMixin, localized

LANGUAGES = ("kk", "ru", "en")
PROVISION_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*:[0-9]+(?:-[0-9]+)*(?::[0-9a-z]+){0,2}$")


def validate_provision(value: str) -> None:
    """A citation key of DESIGN.md: `<act>:<article>[:<part>[:<item>]]`, e.g. kz-cc:274:2."""
    if value and not PROVISION_RE.match(value):
        raise ValidationError(
            _("“%(value)s” is not a citation key such as kz-cc:274:2."),
            code="provision",
            params={"value": value},
        )


def provision_article(value: str) -> str:
    """The act and article of a citation key (`kz-cc:274:2` → `kz-cc:274`), used for filtering."""
    return ":".join(value.split(":")[:2]) if value else ""


def search_text_of(texts: Iterable[str]) -> str:
    """The lower-cased public text an incident is found by (its titles, summaries, place)."""
    return " ".join(text for text in texts if text).lower()


# --- vocabularies (admin-editable, translated) -----------------------------------------------


class Rollup(models.TextChoices):
    PHYSICAL = "physical", _("physical")
    NON_PHYSICAL = "non_physical_online", _("non-physical and online")
    JUDICIAL = "judicial_economic", _("judicial and economic")


class ViolationGroup(TranslatedNameMixin, models.Model):
    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    name_kk = models.CharField(_("name in Kazakh"), max_length=200)
    name_ru = models.CharField(_("name in Russian"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_online_violence = models.BooleanField(
        _("online violence group"),
        default=False,
        help_text=_("Incidents of this group get the online violence sub-record."),
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["order", "code"]
        verbose_name = _("violation group")
        verbose_name_plural = _("violation groups")

    def __str__(self) -> str:
        return self.name


class ViolationType(TranslatedNameMixin, models.Model):
    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    group = models.ForeignKey(
        ViolationGroup, verbose_name=_("group"), on_delete=models.PROTECT, related_name="types"
    )
    name_kk = models.CharField(_("name in Kazakh"), max_length=200)
    name_ru = models.CharField(_("name in Russian"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    rollup = models.CharField(_("roll-up"), max_length=20, choices=Rollup.choices)
    sdg_16_10_1 = models.BooleanField(
        _("counts for SDG 16.10.1"),
        default=False,
        help_text=_("Killing, kidnapping, enforced disappearance, arbitrary detention, torture."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["group__order", "order", "code"]
        verbose_name = _("violation type")
        verbose_name_plural = _("violation types")

    def __str__(self) -> str:
        return self.name


class PerpetratorKind(TranslatedNameMixin, models.Model):
    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    name_kk = models.CharField(_("name in Kazakh"), max_length=200)
    name_ru = models.CharField(_("name in Russian"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    is_state = models.BooleanField(_("state actor"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering: ClassVar[list[str]] = ["order", "code"]
        verbose_name = _("perpetrator kind")
        verbose_name_plural = _("perpetrator kinds")

    def __str__(self) -> str:
        return self.name


class WarningSign(models.Model):
    """One item of the admin-editable checklist of signs that online abuse may escalate."""

    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    text_kk = models.CharField(_("text in Kazakh"), max_length=300)
    text_ru = models.CharField(_("text in Russian"), max_length=300)
    text_en = models.CharField(_("text in English"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["order", "code"]
        verbose_name = _("warning sign")
        verbose_name_plural = _("warning signs")

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return localized(self, "text")[0]


class Tag(TranslatedNameMixin, models.Model):
    """A working label monitors give incidents (for staff; not shown to the public)."""

    slug = models.SlugField(_("code"), max_length=60, unique=True)
    name_kk = models.CharField(_("name in Kazakh"), max_length=100, blank=True)
    name_ru = models.CharField(_("name in Russian"), max_length=100, blank=True)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    active = models.BooleanField(
        _("in use"), default=True, help_text=_("A tag not in use is no longer offered.")
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["slug"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name or self.slug


class Collection(models.Model):
    """A topic collection (“Elections 2026”, “Journalists at the January protests”)."""

    slug = models.SlugField(_("code"), max_length=60, unique=True)
    title_kk = models.CharField(_("title in Kazakh"), max_length=200, blank=True)
    title_ru = models.CharField(_("title in Russian"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    description_kk = models.TextField(_("description in Kazakh"), blank=True)
    description_ru = models.TextField(_("description in Russian"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    active = models.BooleanField(
        _("in use"),
        default=True,
        help_text=_(
            "A collection not in use is no longer offered to monitors nor shown to the public; "
            "its incidents keep it."
        ),
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["slug"]
        verbose_name = _("collection")
        verbose_name_plural = _("collections")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")[0] or self.slug


# --- the incident ----------------------------------------------------------------------------


class IncidentQuerySet(models.QuerySet["Incident"]):
    def public(self) -> IncidentQuerySet:
        """What the public site, the API and the exports may list: published incidents only."""
        return self.filter(status=Incident.Status.PUBLISHED)


class Incident(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        REVIEW = "review", _("under review")
        VERIFIED = "verified", _("verified, not published")
        PUBLISHED = "published", _("published")
        REJECTED = "rejected", _("rejected")
        DUPLICATE = "duplicate", _("duplicate")

    class Verification(models.TextChoices):
        UNVERIFIED = "unverified", _("unverified")
        PARTLY = "partly", _("partly verified")
        VERIFIED = "verified", _("verified")

    class Precision(models.TextChoices):
        DAY = "day", _("exact day")
        MONTH = "month", _("month only")
        YEAR = "year", _("year only")

    class Context(models.TextChoices):
        NONE = "", _("not specified")
        PROTEST = "protest", _("protest")
        ONLINE = "online", _("online")
        COURT = "court", _("court")
        NEWSROOM = "newsroom", _("workplace or newsroom")
        PUBLIC_EVENT = "public_event", _("public event or briefing")
        BORDER = "border", _("border")
        DETENTION = "detention", _("detention facility")
        ELECTION = "election", _("election period")

    class Impunity(models.TextChoices):
        NONE = "", _("not assessed")
        COMPLETE = "complete", _("complete impunity")
        PARTIAL = "partial", _("partial justice")
        FULL = "full", _("full justice")

    class Origin(models.TextChoices):
        STAFF = "staff", _("entered by a monitor")
        REPORT = "report", _("public report")
        IMPORT = "import", _("imported")

    # Fields the public site, the API and the exports may show; everything else stays inside.
    PUBLIC_FIELDS: ClassVar[tuple[str, ...]] = (
        "id",
        *(f"title_{lang}" for lang in LANGUAGES),
        *(f"summary_{lang}" for lang in LANGUAGES),
        "date",
        "date_precision",
        "end_date",
        "year",
        "month",
        "region_id",
        "settlement",
        "context",
        "verification",
        "impunity",
        "sdg_16_10_1",
        "victim_count",
        "published_at",
    )
    SENSITIVE_FIELDS: ClassVar[tuple[str, ...]] = ("internal_notes", "reporter_contact")

    title_kk = models.CharField(_("title in Kazakh"), max_length=300, blank=True)
    title_ru = models.CharField(_("title in Russian"), max_length=300, blank=True)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    summary_kk = models.TextField(_("summary in Kazakh"), blank=True)
    summary_ru = models.TextField(_("summary in Russian"), blank=True)
    summary_en = models.TextField(_("summary in English"), blank=True)

    date = models.DateField(_("date"), help_text=_("First day of the month or year when vague."))
    date_precision = models.CharField(
        _("date precision"), max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    end_date = models.DateField(_("end date"), null=True, blank=True)
    # Copies of the date's parts: month filters match incidents known only to the month.
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    month = models.PositiveSmallIntegerField(_("month"), null=True, editable=False)

    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    settlement = models.CharField(_("settlement"), max_length=120, blank=True)
    context = models.CharField(
        _("context"), max_length=16, choices=Context.choices, blank=True, default=""
    )

    types = models.ManyToManyField(
        ViolationType, verbose_name=_("violation types"), through="IncidentType", blank=True
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True)
    collections = models.ManyToManyField(Collection, verbose_name=_("collections"), blank=True)
    related = models.ManyToManyField("self", verbose_name=_("related incidents"), blank=True)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED
    )
    verification = models.CharField(
        _("verification"),
        max_length=10,
        choices=Verification.choices,
        default=Verification.UNVERIFIED,
    )
    # With MONITORING_SECOND_SIGNOFF on, "verified" waits here until another monitor confirms.
    pending_verification = models.CharField(
        _("verification awaiting sign-off"),
        max_length=10,
        choices=Verification.choices,
        blank=True,
        default="",
    )
    pending_verification_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    impunity = models.CharField(
        _("impunity"), max_length=10, choices=Impunity.choices, blank=True, default=""
    )
    sdg_16_10_1 = models.BooleanField(_("SDG 16.10.1"), default=False, editable=False)
    slapp_indicators = models.BooleanField(_("SLAPP indicators"), default=False)
    victim_count = models.PositiveIntegerField(_("affected persons"), default=0, editable=False)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    origin = models.CharField(
        _("origin"), max_length=8, choices=Origin.choices, default=Origin.STAFF
    )

    internal_notes = models.TextField(_("internal notes"), blank=True)
    reporter_contact = models.TextField(_("reporter's contact"), blank=True)

    # Public text, lower-cased, for full-text search (the public side indexes it).
    search_text = models.TextField(blank=True, default="", editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering: ClassVar[list[str]] = ["-date", "-id"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["status", "date"], name="mon_inc_status_date"),
            models.Index(fields=["status", "year", "month"], name="mon_inc_status_ym"),
            models.Index(fields=["status", "region", "date"], name="mon_inc_status_region"),
            models.Index(fields=["status", "context", "date"], name="mon_inc_status_context"),
            models.Index(fields=["status", "verification"], name="mon_inc_status_verif"),
            models.Index(fields=["status", "published_at"], name="mon_inc_status_pub"),
            models.Index(fields=["status", "created_at"], name="mon_inc_queue"),
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=~models.Q(title_kk="", title_ru="", title_en=""),
                name="mon_incident_has_title",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("date")),
                name="mon_incident_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"#{self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.date:
            self.set_date(self.date, self.date_precision)
        super().save(*args, **kwargs)

    @property
    def title(self) -> str:
        return localized(self, "title")[0]

    @property
    def summary(self) -> str:
        return localized(self, "summary")[0]

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def set_date(self, date: datetime.date, precision: str) -> None:
        """Store the date normalised to its precision, with its year and month copies."""
        if precision == self.Precision.YEAR:
            date = date.replace(month=1, day=1)
        elif precision == self.Precision.MONTH:
            date = date.replace(day=1)
        self.date, self.date_precision = date, precision
        self.year = date.year
        self.month = None if precision == self.Precision.YEAR else date.month

    def clean(self) -> None:
        if not any(getattr(self, f"title_{lang}") for lang in LANGUAGES):
            raise ValidationError(_("Give the title in at least one language."), code="title")
        if self.end_date and self.date and self.end_date < self.date:
            raise ValidationError(
                {"end_date": _("The end date is before the date.")}, code="end_date"
            )

    def public_values(self) -> dict[str, Any]:
        """This incident's public fields only, for pages, API and exports."""
        return {name: getattr(self, name) for name in self.PUBLIC_FIELDS}


class IncidentType(models.Model):
    """An incident carries a type; the group code is copied here to filter by group cheaply."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="type_links")
    type = models.ForeignKey(ViolationType, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(ViolationGroup, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["incident", "type"], name="mon_incident_type_once")
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["type", "incident"], name="mon_type_incident"),
            models.Index(fields=["group", "incident"], name="mon_group_incident"),
        ]

    def __str__(self) -> str:
        return f"{self.incident_id}: {self.type_id}"


class IncidentEventQuerySet(models.QuerySet["IncidentEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("incident events are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("incident events are append-only")


class IncidentEvent(models.Model):
    """One step in an incident's life (created, edited, verified, published…), never changed."""

    class Kind(models.TextChoices):
        CREATED = "created", _("created")
        REPORTED = "reported", _("reported by the public")
        IMPORTED = "imported", _("imported")
        EDITED = "edited", _("edited")
        REVIEW = "review", _("review started")
        SIGNOFF_REQUESTED = "signoff", _("verification awaits a second monitor")
        VERIFIED = "verified", _("verification set")
        PUBLISHED = "published", _("published")
        UNPUBLISHED = "unpublished", _("unpublished")
        REJECTED = "rejected", _("rejected")
        DUPLICATE = "duplicate", _("marked as duplicate")
        VICTIM_MERGED = "victim_merged", _("victims merged")
        OUTLET_MERGED = "outlet_merged", _("outlets merged")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("what"), max_length=16, choices=Kind.choices)
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    context = models.JSONField(_("context"), default=dict, blank=True)

    objects = IncidentEventQuerySet.as_manager()

    class Meta:
        ordering: ClassVar[list[str]] = ["created_at", "id"]
        verbose_name = _("incident event")
        verbose_name_plural = _("incident events")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["incident", "created_at"], name="mon_event_incident"),
            models.Index(fields=["kind", "created_at"], name="mon_event_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.kind} #{self.incident_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("incident events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("incident events are append-only")


# The rest of the record lives in two more modules, loaded with this one.
from qorgau.monitoring.models_people import (  # noqa: E402
    IncidentPerpetrator,
    IncidentVictim,
    Outlet,
    Victim,
)
from qorgau.monitoring.models_record import (  # noqa: E402
    Appeal,
    OnlineViolence,
    Proceeding,
    ProceedingStatus,
    Source,
    Update,
)

__all__ = [
    "Appeal",
    "Collection",
    "Incident",
    "IncidentEvent",
    "IncidentPerpetrator",
    "IncidentType",
    "IncidentVictim",
    "OnlineViolence",
    "Outlet",
    "PerpetratorKind",
    "Proceeding",
    "ProceedingStatus",
    "Rollup",
    "Source",
    "Tag",
    "Update",
    "Victim",
    "ViolationGroup",
    "ViolationType",
    "WarningSign",
]
