"""Factories for monitoring tests (shared by the staff and public sides).

`IncidentFactory` makes a received, unverified incident; the `published` trait makes one the
public may see. Vocabulary rows come from the seeding migration (types such as "detention",
perpetrator kinds such as "police")."""

from __future__ import annotations

import datetime
from typing import Any

import factory

from qorgau.monitoring.models import (
    Incident,
    IncidentPerpetrator,
    IncidentType,
    IncidentVictim,
    PerpetratorKind,
    Proceeding,
    Source,
    Victim,
    ViolationType,
    search_text_of,
)

LANGS = ("kk", "ru", "en")


class IncidentFactory(factory.django.DjangoModelFactory[Incident]):
    class Meta:
        model = Incident
        skip_postgeneration_save = True

    title_en = factory.Sequence(lambda n: f"Journalist detained at a protest #{n}")
    title_ru = factory.Sequence(lambda n: f"Журналиста задержали на акции #{n}")
    summary_en = "Police held the reporter for three hours."
    summary_ru = "Полиция продержала корреспондента три часа."
    date = datetime.date(2026, 10, 5)
    date_precision = Incident.Precision.DAY
    region_id = "KZ-75"
    context = Incident.Context.PROTEST
    internal_notes = "Confidential: the reporter's editor called us from a private number."
    reporter_contact = "+7 700 000 00 00"
    # What services.incident_refresh_facts computes: the public text, lower-cased.
    search_text = factory.LazyAttribute(
        lambda o: search_text_of(
            [getattr(o, f"{f}_{lang}", "") for f in ("title", "summary") for lang in LANGS]
        )
    )

    class Params:
        published = factory.Trait(
            status=Incident.Status.PUBLISHED,
            verification=Incident.Verification.VERIFIED,
            published_at=factory.LazyFunction(
                lambda: datetime.datetime(2026, 10, 7, 9, 0, tzinfo=datetime.UTC)
            ),
        )

    @factory.post_generation
    def types(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        """`IncidentFactory(types=["detention"])` links violation types by code."""
        if not create or not extracted:
            return
        for code in extracted:
            kind = ViolationType.objects.get(pk=code)
            IncidentType.objects.create(incident=self, type=kind, group_id=kind.group_id)
        self.sdg_16_10_1 = ViolationType.objects.filter(pk__in=extracted, sdg_16_10_1=True).exists()
        self.save(update_fields=["sdg_16_10_1"])


class VictimFactory(factory.django.DjangoModelFactory[Victim]):
    class Meta:
        model = Victim

    kind = Victim.Kind.PERSON
    name = factory.Sequence(lambda n: f"Айгерім Сейітова {n}")
    contact = "aigerim@example.org"
    role = "journalist"
    gender = "female"
    consent_to_name = False


def add_victim(incident: Incident, victim: Victim | None = None, **kwargs: Any) -> IncidentVictim:
    victim = victim or VictimFactory(**kwargs)
    link = IncidentVictim.objects.create(
        incident=incident, victim=victim, role=victim.role, gender=victim.gender
    )
    incident.victim_count = incident.victim_links.count()
    incident.save(update_fields=["victim_count"])
    return link


def add_perpetrator(
    incident: Incident, kind: str = "police", confidence: str = "confirmed"
) -> IncidentPerpetrator:
    return IncidentPerpetrator.objects.create(
        incident=incident, kind=PerpetratorKind.objects.get(pk=kind), confidence=confidence
    )


def add_proceeding(
    incident: Incident, provision: str = "kz-cc:274:2", kind: str = "criminal"
) -> Proceeding:
    return Proceeding.objects.create(incident=incident, kind=kind, provision=provision)


def add_source(incident: Incident, title: str = "Report") -> Source:
    return Source.objects.create(incident=incident, title=title, url="https://news.example/1")
