"""The legal library: acts, their editions per language, provisions identified by citation key
across editions and languages, editors' commentary, court decisions, and the search index."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qorgau.core.models import localized

LANGUAGE_CHOICES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]


class Act(models.Model):
    class Kind(models.TextChoices):
        CONSTITUTION = "constitution", _("constitution")
        CODE = "code", _("code")
        LAW = "law", _("law")
        REGULATION = "regulation", _("regulation")
        INTERNATIONAL = "international", _("international standard")

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("in force")
        REPEALED = "repealed", _("repealed")
        DRAFT = "draft", _("draft")

    code = models.CharField(_("act code"), max_length=20, primary_key=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    number = models.CharField(_("official number"), max_length=40, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    title_kk = models.CharField(_("title in Kazakh"), max_length=300, blank=True)
    title_ru = models.CharField(_("title in Russian"), max_length=300, blank=True)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    source_url = models.URLField(_("official source"), blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["code"]
        verbose_name = _("act")
        verbose_name_plural = _("acts")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")[0]

    @property
    def is_international(self) -> bool:
        return self.kind == self.Kind.INTERNATIONAL


class Edition(models.Model):
    """The act as it stood from `valid_from` until the next edition, in one language."""

    act = models.ForeignKey(Act, on_delete=models.PROTECT, related_name="editions")
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    valid_from = models.DateField(_("in this form from"))
    source = models.CharField(_("source"), max_length=500)
    preamble = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["act", "language", "-valid_from"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["act", "language", "valid_from"], name="one_edition_per_day"
            )
        ]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")

    def __str__(self) -> str:
        return f"{self.act_id} {self.language} {self.valid_from}"


class Provision(models.Model):
    """One unit of an act, the same across editions and languages: `kz-cc:274:2`.

    Chapters and sections are provisions too, keyed `kz-mml:chapter-1`, so the table of contents
    is built the same way; only articles and their parts and items are citable.
    """

    class Kind(models.TextChoices):
        SECTION = "section", _("section")
        CHAPTER = "chapter", _("chapter")
        ARTICLE = "article", _("article")
        PART = "part", _("part")
        ITEM = "item", _("item")
        SUBITEM = "subitem", _("sub-item")

    act = models.ForeignKey(Act, on_delete=models.PROTECT, related_name="provisions")
    key = models.CharField(_("citation key"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=20, blank=True)
    article = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="units"
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["key"]
        verbose_name = _("provision")
        verbose_name_plural = _("provisions")

    def __str__(self) -> str:
        return self.key


class ProvisionText(models.Model):
    """What a provision says in one edition: heading, own text, and the notes kept apart."""

    provision = models.ForeignKey(Provision, on_delete=models.CASCADE, related_name="texts")
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="texts")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    position = models.PositiveIntegerField()
    depth = models.PositiveSmallIntegerField(default=0)
    heading = models.CharField(max_length=1000, blank=True)
    text = models.TextField(blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["edition", "position"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["edition", "provision"], name="one_text_per_edition")
        ]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["provision", "edition"])]

    def __str__(self) -> str:
        return f"{self.provision_id} @ {self.edition_id}"

    @property
    def numbered_text(self) -> str:
        """The text with its official number in front: «2. …» for a part, «3) …» for an item."""
        number = self.provision.number
        if self.provision.kind == Provision.Kind.ARTICLE or not number:
            return self.text
        mark = "." if self.provision.kind == Provision.Kind.PART else ")"
        return f"{number}{mark} {self.text}"


class Commentary(models.Model):
    """What a provision means for journalists, written by the platform's editors."""

    provision = models.OneToOneField(Provision, on_delete=models.CASCADE, related_name="commentary")
    summary_kk = models.TextField(blank=True)
    summary_ru = models.TextField(blank=True)
    summary_en = models.TextField(blank=True)
    for_journalists_kk = models.TextField(blank=True)
    for_journalists_ru = models.TextField(blank=True)
    for_journalists_en = models.TextField(blank=True)
    typical_cases_kk = models.TextField(blank=True)
    typical_cases_ru = models.TextField(blank=True)
    typical_cases_en = models.TextField(blank=True)
    related = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("commentary")
        verbose_name_plural = _("commentaries")

    def __str__(self) -> str:
        return f"commentary on {self.provision_id}"

    def field(self, name: str) -> tuple[str, str]:
        """The text of `name` in the visitor's language, or another one: (text, language shown)."""
        return localized(self, name)


class CourtDecision(models.Model):
    class Instance(models.TextChoices):
        FIRST = "first", _("first instance")
        APPEAL = "appeal", _("appeal")
        CASSATION = "cassation", _("cassation")
        SUPREME = "supreme", _("Supreme Court")
        INTERNATIONAL = "international", _("international body")

    court = models.CharField(_("court"), max_length=300)
    instance = models.CharField(_("instance"), max_length=14, choices=Instance.choices)
    date = models.DateField(_("date"))
    case_number = models.CharField(_("case number"), max_length=100, blank=True)
    outcome = models.CharField(_("outcome"), max_length=300)
    provisions = models.ManyToManyField(Provision, related_name="decisions", blank=True)
    summary_kk = models.TextField(_("summary in Kazakh"), blank=True)
    summary_ru = models.TextField(_("summary in Russian"), blank=True)
    summary_en = models.TextField(_("summary in English"), blank=True)
    full_text = models.TextField(_("full text, private persons masked"), blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-date"]
        verbose_name = _("court decision")
        verbose_name_plural = _("court decisions")

    def __str__(self) -> str:
        return f"{self.court}, {self.date} {self.case_number}"

    @property
    def summary(self) -> str:
        return localized(self, "summary")[0]


class SearchDocument(models.Model):
    """One searchable text (an article in one edition and language, a commentary, a standard, a
    decision). Its analysed terms live in the database's full-text index (FTS5 or tsvector)."""

    class Kind(models.TextChoices):
        LAW = "law", _("law")
        STANDARD = "standard", _("international standard")
        COMMENTARY = "commentary", _("commentary")
        DECISION = "decision", _("court decision")

    provision = models.ForeignKey(Provision, null=True, on_delete=models.CASCADE, related_name="+")
    decision = models.ForeignKey(
        CourtDecision, null=True, on_delete=models.CASCADE, related_name="+"
    )
    edition = models.ForeignKey(Edition, null=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    act = models.CharField(max_length=20, db_index=True)
    language = models.CharField(max_length=2)
    valid_from = models.DateField(null=True)
    valid_to = models.DateField(null=True)
    title = models.CharField(max_length=1000)
    body = models.TextField()

    class Meta:
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["provision", "language"])]

    def __str__(self) -> str:
        return self.title
