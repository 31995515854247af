"""The rest of an incident's record: legal proceedings and their dated history, the online
violence sub-record, sources, later updates, and appeals with the state's replies."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qorgau.core.models import localized
from qorgau.monitoring.models import (
    Incident,
    WarningSign,
    provision_article,
    validate_provision,
)


class Proceeding(models.Model):
    class Kind(models.TextChoices):
        CRIMINAL = "criminal", _("criminal")
        ADMINISTRATIVE = "administrative", _("administrative")
        CIVIL = "civil", _("civil")
        PRE_TRIAL = "pre_trial", _("pre-trial claim or warning")

    class Stage(models.TextChoices):
        OPENED = "opened", _("opened")
        INVESTIGATION = "investigation", _("investigation")
        CHARGED = "charged", _("charged")
        TRIAL = "trial", _("trial")
        VERDICT = "verdict", _("verdict")
        APPEAL = "appeal", _("appeal")
        CLOSED = "closed", _("closed")

    class Outcome(models.TextChoices):
        PENDING = "", _("no outcome yet")
        ACQUITTED = "acquitted", _("acquitted")
        CONVICTED = "convicted", _("convicted")
        FINED = "fined", _("fine")
        DISMISSED = "dismissed", _("dismissed or dropped")
        SETTLED = "settled", _("settled")
        CLAIM_UPHELD = "upheld", _("claim upheld")
        CLAIM_REJECTED = "rejected", _("claim rejected")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="proceedings")
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    provision = models.CharField(
        _("provision"),
        max_length=40,
        blank=True,
        validators=[validate_provision],
        help_text=_("Citation key, e.g. kz-cc:274:2."),
    )
    provision_article = models.CharField(max_length=40, blank=True, editable=False)
    initiator = models.CharField(_("initiated by"), max_length=200, blank=True)
    court = models.CharField(_("court"), max_length=200, blank=True)
    case_number = models.CharField(_("case number"), max_length=80, blank=True)
    stage = models.CharField(
        _("stage"), max_length=13, choices=Stage.choices, default=Stage.OPENED, editable=False
    )
    outcome = models.CharField(
        _("outcome"), max_length=9, choices=Outcome.choices, blank=True, default=""
    )
    sentence = models.CharField(_("sentence"), max_length=300, blank=True)
    fine_kzt = models.PositiveBigIntegerField(_("fine, KZT"), null=True, blank=True)
    damages_claimed_kzt = models.PositiveBigIntegerField(
        _("damages claimed, KZT"), null=True, blank=True
    )
    damages_awarded_kzt = models.PositiveBigIntegerField(
        _("damages awarded, KZT"), null=True, blank=True
    )
    slapp_indicators = models.BooleanField(_("SLAPP indicators"), default=False)
    defence_lawyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("defence lawyer from the network"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["id"]
        verbose_name = _("legal proceeding")
        verbose_name_plural = _("legal proceedings")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["provision_article", "incident"], name="mon_proc_article"),
            models.Index(fields=["provision", "incident"], name="mon_proc_provision"),
            models.Index(fields=["kind", "incident"], name="mon_proc_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.provision}".strip()

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.provision_article = provision_article(self.provision)
        super().save(*args, **kwargs)


class ProceedingStatus(models.Model):
    """A dated step in a proceeding's history; the latest one is copied to `Proceeding.stage`."""

    proceeding = models.ForeignKey(Proceeding, on_delete=models.CASCADE, related_name="history")
    stage = models.CharField(_("stage"), max_length=13, choices=Proceeding.Stage.choices)
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["date", "id"]
        verbose_name = _("proceeding step")
        verbose_name_plural = _("proceeding steps")

    def __str__(self) -> str:
        return f"{self.date} {self.stage}"


class OnlineViolence(models.Model):
    """Details kept when an incident is of the digital attacks or harassment groups."""

    class Form(models.TextChoices):
        THREATS = "threats", _("threats")
        INSULTS = "insults", _("insults and abusive language")
        SEXUALISED = "sexualised", _("sexualised abuse")
        DOXXING = "doxxing", _("publishing private data")
        DEEPFAKE = "deepfake", _("fabricated or manipulated images")
        SMEAR = "smear", _("smear campaign")
        IMPERSONATION = "impersonation", _("impersonation")
        HACKING = "hacking", _("hacking of accounts")

    class Platform(models.TextChoices):
        TELEGRAM = "telegram", "Telegram"
        INSTAGRAM = "instagram", "Instagram"
        FACEBOOK = "facebook", "Facebook"
        TIKTOK = "tiktok", "TikTok"
        YOUTUBE = "youtube", "YouTube"
        X = "x", "X"
        WHATSAPP = "whatsapp", "WhatsApp"
        VK = "vk", "VK"
        THREADS = "threads", "Threads"
        EMAIL = "email", _("e-mail")
        OTHER = "other", _("other")

    class Volume(models.TextChoices):
        UNKNOWN = "", _("not known")
        SINGLE = "single", _("a single message")
        DOZENS = "dozens", _("dozens of messages")
        HUNDREDS = "hundreds", _("hundreds of messages")
        THOUSANDS = "thousands", _("thousands of messages")

    class Duration(models.TextChoices):
        UNKNOWN = "", _("not known")
        DAYS = "days", _("days")
        WEEKS = "weeks", _("weeks")
        MONTHS = "months", _("months")
        ONGOING = "ongoing", _("still going on")

    class Coordination(models.TextChoices):
        UNKNOWN = "", _("not known")
        NONE = "none", _("no signs")
        SUSPECTED = "suspected", _("suspected")
        EVIDENT = "evident", _("evident")

    class Impact(models.TextChoices):
        SELF_CENSORSHIP = "self_censorship", _("self-censorship")
        STOPPED_TOPIC = "stopped_topic", _("stopped covering a topic")
        LEFT_JOB = "left_job", _("left the job")
        LEFT_COUNTRY = "left_country", _("left the country")
        OFF_SOCIAL = "off_social", _("left social media")
        HEALTH = "health", _("harm to health")

    # What the public page and the API may show, declared once. The description of the harm
    # offline can name places and people around the journalist, so it stays with the monitors;
    # the platform's and the police's responses tell what an institution did, and are public as
    # the state's replies to appeals are.
    PUBLIC_FIELDS: ClassVar[tuple[str, ...]] = (
        "forms",
        "platforms",
        "volume",
        "duration",
        "coordination",
        "gendered",
        "sexualised",
        "offline_harm",
        "impact",
        "reported_to_platform",
        "platform_response",
        "reported_to_police",
        "police_response",
        "warning_signs",
    )
    SENSITIVE_FIELDS: ClassVar[tuple[str, ...]] = ("offline_harm_description",)

    incident = models.OneToOneField(
        Incident, on_delete=models.CASCADE, related_name="online_violence"
    )
    forms = models.JSONField(_("forms"), default=list, blank=True)
    platforms = models.JSONField(_("platforms"), default=list, blank=True)
    volume = models.CharField(_("volume"), max_length=9, choices=Volume.choices, blank=True)
    duration = models.CharField(_("duration"), max_length=7, choices=Duration.choices, blank=True)
    coordination = models.CharField(
        _("signs of coordination"), max_length=9, choices=Coordination.choices, blank=True
    )
    gendered = models.BooleanField(_("gendered content"), default=False)
    sexualised = models.BooleanField(_("sexualised content"), default=False)
    offline_harm = models.BooleanField(_("linked to harm offline"), default=False)
    offline_harm_description = models.CharField(_("harm offline"), max_length=300, blank=True)
    impact = models.JSONField(_("impact on the journalist"), default=list, blank=True)
    reported_to_platform = models.BooleanField(_("reported to the platform"), default=False)
    platform_response = models.CharField(_("platform's response"), max_length=300, blank=True)
    reported_to_police = models.BooleanField(_("reported to the police"), default=False)
    police_response = models.CharField(_("police response"), max_length=300, blank=True)
    warning_signs = models.ManyToManyField(
        WarningSign, verbose_name=_("escalation warning signs"), blank=True
    )

    class Meta:
        verbose_name = _("online violence")
        verbose_name_plural = _("online violence")

    def __str__(self) -> str:
        return f"{self.incident_id}"

    def public_values(self) -> dict[str, Any]:
        """The public fields only (codes; the warning signs as rows), for the page and the API."""
        values = {name: getattr(self, name) for name in self.PUBLIC_FIELDS}
        values["warning_signs"] = list(self.warning_signs.all())
        return values

    @property
    def form_labels(self) -> list[str]:
        return _labels(self.Form, self.forms)

    @property
    def platform_labels(self) -> list[str]:
        return _labels(self.Platform, self.platforms)

    @property
    def impact_labels(self) -> list[str]:
        return _labels(self.Impact, self.impact)


def _labels(choices: type[models.TextChoices], codes: list[str]) -> list[str]:
    """The labels of the codes kept in a list field, in the active language (a code no longer
    among the choices as it is)."""
    names = dict(choices.choices)
    return [str(names.get(code, code)) for code in codes or []]


class Source(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("address"), max_length=500, blank=True)
    outlet = models.CharField(_("outlet"), max_length=200, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    archive_url = models.URLField(_("archived copy"), max_length=500, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["date", "id"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.title


class Update(models.Model):
    """A later development of the incident, on its public timeline."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date"))
    text_kk = models.TextField(_("text in Kazakh"), blank=True)
    text_ru = models.TextField(_("text in Russian"), blank=True)
    text_en = models.TextField(_("text in English"), blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["date", "id"]
        verbose_name = _("update")
        verbose_name_plural = _("updates")

    def __str__(self) -> str:
        return f"{self.date}"

    @property
    def text(self) -> str:
        return localized(self, "text")[0]


class Appeal(models.Model):
    """An appeal sent to the authorities about the incident, or the state's reply."""

    class Kind(models.TextChoices):
        APPEAL = "appeal", _("appeal to the authorities")
        REPLY = "reply", _("state response")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="appeals")
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices, default=Kind.APPEAL)
    date = models.DateField(_("date"))
    body = models.CharField(_("body"), max_length=200, help_text=_("Who sent it or received it."))
    text = models.TextField(_("text"), blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["date", "id"]
        verbose_name = _("appeal or response")
        verbose_name_plural = _("appeals and responses")

    def __str__(self) -> str:
        return f"{self.date} {self.body}"
