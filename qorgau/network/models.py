"""The lawyers' network: lawyers' profiles, their absences and duty shifts, partner organisations,
membership applications with endorsements, and acceptances of the code of conduct."""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qorgau.core.models import Region, localized

# The text itself lives in templates/network/conduct/code_<language>.html. A new wording gets a
# new version: everyone accepts it again, and earlier acceptances keep the version they were for.
CODE_OF_CONDUCT_VERSION = "2026-1"


class Expertise(models.TextChoices):
    CRIMINAL_DEFENCE = "criminal_defence", _("criminal defence")
    CIVIL_DEFAMATION = (
        "civil_defamation",
        _("civil defamation (honour, dignity, business reputation)"),
    )
    ADMINISTRATIVE = "administrative", _("administrative offences")
    ACCESS_TO_INFORMATION = "access_to_information", _("access to information")
    ONLINE_PLATFORMS = "online_platforms", _("online platforms and blocking")
    COPYRIGHT = "copyright", _("copyright")
    PERSONAL_DATA = "personal_data", _("personal data")
    INTERNATIONAL_MECHANISMS = (
        "international_mechanisms",
        _("international human-rights mechanisms"),
    )


class WorkingLanguage(models.TextChoices):
    KAZAKH = "kk", _("Kazakh")
    RUSSIAN = "ru", _("Russian")
    ENGLISH = "en", _("English")


def expertise_labels(values: list[str]) -> list[str]:
    known = dict(Expertise.choices)
    return [str(known[value]) for value in Expertise.values if value in values and value in known]


def language_labels(values: list[str]) -> list[str]:
    known = dict(WorkingLanguage.choices)
    return [str(known[code]) for code in WorkingLanguage.values if code in values]


class Organisation(models.Model):
    """A member organisation or a partner that cases can be referred to."""

    class Kind(models.TextChoices):
        MEMBER_ORG = "member_org", _("member organisation")
        PARTNER = "partner", _("partner")
        INTERNATIONAL_FUND = "international_fund", _("international legal-defence fund")
        LEGAL_NGO = "legal_ngo", _("legal NGO")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = models.CharField(_("country"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    description_kk = models.TextField(_("description in Kazakh"), blank=True)
    description_ru = models.TextField(_("description in Russian"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    referral_areas = models.JSONField(_("areas it takes referrals in"), default=list, blank=True)
    accepts_referrals = models.BooleanField(_("accepts referrals"), default=True)
    public = models.BooleanField(_("shown on the public list"), default=False)

    class Meta:
        ordering: ClassVar[list[str]] = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def description(self) -> tuple[str, str]:
        """(text, language shown)."""
        return localized(self, "description")

    @property
    def referral_area_labels(self) -> list[str]:
        return expertise_labels(self.referral_areas)


class LawyerProfile(models.Model):
    """A lawyer of the network: what they can take on, where, in which languages, and when."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="lawyer_profile",
    )
    bar_licence_number = models.CharField(_("bar licence number"), max_length=40, blank=True)
    bar_licence_body = models.CharField(
        _("licensing body"),
        max_length=200,
        blank=True,
        help_text=_("For example, the regional bar association."),
    )
    licence_valid_until = models.DateField(
        _("licence valid until"),
        null=True,
        blank=True,
        help_text=_("Leave empty for a licence without an expiry date."),
    )
    regions = models.ManyToManyField(
        Region, verbose_name=_("regions"), related_name="lawyers", blank=True
    )
    languages = models.JSONField(_("working languages"), default=list, blank=True)
    expertise = models.JSONField(_("expertise"), default=list, blank=True)
    max_active_cases = models.PositiveSmallIntegerField(_("maximum active cases"), default=3)
    accepts_new_cases = models.BooleanField(_("accepts new cases"), default=True)
    public_profile_consent = models.BooleanField(
        _("shown in the public directory"),
        default=False,
        help_text=_(
            "Your name, regions, languages, expertise and short biography are shown to everyone. "
            "Your e-mail address and licence number never are."
        ),
    )
    public_bio_kk = models.TextField(_("short biography in Kazakh"), blank=True)
    public_bio_ru = models.TextField(_("short biography in Russian"), blank=True)
    public_bio_en = models.TextField(_("short biography in English"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lawyers",
    )
    joined_on = models.DateField(_("joined the network"), default=timezone.localdate)
    active = models.BooleanField(_("active member"), default=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["user__full_name", "user__email"]
        verbose_name = _("lawyer's profile")
        verbose_name_plural = _("lawyers' profiles")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def name(self) -> str:
        return self.user.get_full_name()

    @property
    def bio(self) -> tuple[str, str]:
        """(text, language shown): the visitor's language, else another one that has it."""
        return localized(self, "public_bio")

    @property
    def expertise_labels(self) -> list[str]:
        return expertise_labels(self.expertise)

    @property
    def language_labels(self) -> list[str]:
        return language_labels(self.languages)

    def licence_valid_on(self, day: datetime.date) -> bool:
        return self.licence_valid_until is None or self.licence_valid_until >= day

    def absent_on(self, day: datetime.date) -> bool:
        return any(a.starts <= day <= a.ends for a in self.absences.all())


class Absence(models.Model):
    lawyer = models.ForeignKey(LawyerProfile, on_delete=models.CASCADE, related_name="absences")
    starts = models.DateField(_("from"))
    ends = models.DateField(_("to (inclusive)"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["starts"]
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(ends__gte=models.F("starts")), name="absence_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.lawyer}: {self.starts}–{self.ends}"


class DutyShift(models.Model):
    """A period when a lawyer answers urgent calls about detentions."""

    lawyer = models.ForeignKey(LawyerProfile, on_delete=models.CASCADE, related_name="duty_shifts")
    starts = models.DateTimeField(_("starts"))
    ends = models.DateTimeField(_("ends"))

    class Meta:
        ordering: ClassVar[list[str]] = ["starts"]
        verbose_name = _("duty shift")
        verbose_name_plural = _("duty shifts")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")), name="duty_shift_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.lawyer}: {self.starts:%Y-%m-%d %H:%M}–{self.ends:%Y-%m-%d %H:%M}"


class MembershipApplication(models.Model):
    """A lawyer asks to join; two members endorse; a coordinator decides, with reasons."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        ENDORSING = "endorsing", _("being endorsed")
        DECIDED = "decided", _("decided")

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    full_name = models.CharField(_("full name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    bar_licence_number = models.CharField(_("bar licence number"), max_length=40)
    bar_licence_body = models.CharField(_("licensing body"), max_length=200)
    licence_valid_until = models.DateField(_("licence valid until"), null=True, blank=True)
    regions = models.ManyToManyField(Region, verbose_name=_("regions"), related_name="+")
    languages = models.JSONField(_("working languages"), default=list)
    expertise = models.JSONField(_("expertise"), default=list)
    motivation = models.TextField(_("why you want to join"))
    language = models.CharField(_("language of the application"), max_length=2, default="kk")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(_("reasons for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["-submitted_at"]
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.DECIDED

    @property
    def expertise_labels(self) -> list[str]:
        return expertise_labels(self.expertise)

    @property
    def language_labels(self) -> list[str]:
        return language_labels(self.languages)


class Endorsement(models.Model):
    application = models.ForeignKey(
        MembershipApplication, on_delete=models.CASCADE, related_name="endorsements"
    )
    endorser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("endorsed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("what you know of the applicant's work"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["created_at"]
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["application", "endorser"], name="one_endorsement_each")
        ]

    def __str__(self) -> str:
        return f"{self.endorser} → {self.application}"


class ConductAcceptance(models.Model):
    """A person accepted one version of the code of conduct, on a date, reading it in a language."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conduct_acceptances"
    )
    version = models.CharField(_("version"), max_length=20)
    language = models.CharField(_("language read"), max_length=2)
    accepted_at = models.DateTimeField(_("accepted at"), default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["-accepted_at"]
        verbose_name = _("acceptance of the code of conduct")
        verbose_name_plural = _("acceptances of the code of conduct")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["user", "version"], name="one_acceptance_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.version}"
