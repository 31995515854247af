"""Demographic answers (P3, ../shared/DESIGN.md): only ever counted, never read one by one.

Each row is one requester's answers as a padded JSON document sealed to the offline reporting
public key: the server cannot open it. Nothing ties a row to its request: no foreign key, no
request id, no exact time (only the month of arrival), and a random primary key, so the order of
the ids says nothing about the order of the requests (docs/helpdesk.md, "Demographics").
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["DemographicAnswer"]


class DemographicAnswer(models.Model):
    class Gender(models.TextChoices):
        WOMAN = "woman", _("woman")
        MAN = "man", _("man")
        OTHER = "other", _("other")
        PREFER_NOT = "prefer_not", _("I prefer not to say")

    class AgeGroup(models.TextChoices):
        UNDER_25 = "under_25", _("under 25")
        FROM_25 = "25_34", _("25–34")
        FROM_35 = "35_44", _("35–44")
        FROM_45 = "45_54", _("45–54")
        FROM_55 = "55_plus", _("55 or older")
        PREFER_NOT = "prefer_not", _("I prefer not to say")

    class Work(models.TextChoices):
        STAFF = "staff", _("on the staff of a media outlet")
        FREELANCE = "freelance", _("freelance or citizen journalist")
        OTHER = "other", _("other")
        PREFER_NOT = "prefer_not", _("I prefer not to say")

    class Place(models.TextChoices):
        CITY = "city", _("a big city (Astana, Almaty, Shymkent or a regional centre)")
        SMALL_PLACE = "small_place", _("a small town or a village")
        PREFER_NOT = "prefer_not", _("I prefer not to say")

    # The questions, in the order they are asked and reported: the key in the sealed document,
    # and its choices.
    QUESTIONS: tuple[tuple[str, type[models.TextChoices]], ...] = (
        ("gender", Gender),
        ("age_group", AgeGroup),
        ("work", Work),
        ("place", Place),
    )

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    month = models.DateField(_("month of arrival"), editable=False, db_index=True)
    # Which reporting key sealed the row (a short hash of its public half): after a new key
    # pair, the report tells rows it cannot open from a wrong key.
    key_fingerprint = models.CharField(max_length=16, editable=False)
    sealed = models.BinaryField(editable=False)

    class Meta:
        verbose_name = _("demographic answer")
        verbose_name_plural = _("demographic answers")

    def __str__(self) -> str:
        return f"demographic answer {self.month:%Y-%m}"
