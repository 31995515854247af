"""Incidents for the tests of the public side, built field by field; and a marker planted in every
field the public must never see, to look for it everywhere the public can read."""

from __future__ import annotations

import datetime
from typing import Any

from qorgau.monitoring import fulltext
from qorgau.monitoring.models import Incident, IncidentType, ViolationType, search_text_of
from qorgau.monitoring.models_people import (
    IncidentPerpetrator,
    IncidentVictim,
    Outlet,
    Victim,
)
from qorgau.monitoring.models_record import (
    Appeal,
    OnlineViolence,
    Proceeding,
    ProceedingStatus,
    Source,
    Update,
)

SECRET = "ZZSECRETZZ"  # planted in every sensitive field; must never be served


def make_incident(
    *,
    title: str = "Журналиста задержали на митинге",
    title_kk: str = "",
    title_en: str = "",
    summary: str = "",
    day: datetime.date = datetime.date(2026, 10, 20),
    precision: str = "day",
    region: str | None = "KZ-75",
    status: str = "published",
    verification: str = "verified",
    context: str = "",
    types: tuple[str, ...] = ("detention",),
    victims: tuple[dict[str, Any], ...] = ({"role": "journalist", "gender": "female"},),
    perpetrators: tuple[str, ...] = ("police",),
    provisions: tuple[str, ...] = (),
    published_at: datetime.datetime | None = None,
    sensitive: bool = False,
) -> Incident:
    incident = Incident(
        title_ru=title,
        title_kk=title_kk,
        title_en=title_en,
        summary_ru=summary,
        region_id=region,
        status=status,
        verification=verification,
        context=context,
        internal_notes=f"notes {SECRET}" if sensitive else "",
        reporter_contact=f"contact {SECRET}@example.org" if sensitive else "",
    )
    incident.set_date(day, precision)
    if status == "published":
        incident.published_at = published_at or datetime.datetime(
            day.year, day.month, day.day, 12, tzinfo=datetime.UTC
        )
    incident.search_text = search_text_of([title, title_kk, title_en, summary])
    incident.victim_count = len(victims)
    incident.save()
    for code in types:
        group = ViolationType.objects.get(code=code).group_id
        IncidentType.objects.create(incident=incident, type_id=code, group_id=group)
    for spec in victims:
        outlet = Outlet.objects.create(name=f"Outlet {SECRET}") if spec.get("outlet") else None
        victim = Victim.objects.create(
            kind=spec.get("kind", "person"),
            name=spec.get("name", f"Name {SECRET}" if sensitive else "Айгерім Сейітова"),
            consent_to_name=spec.get("consent", False),
            contact=f"+7 700 {SECRET}" if sensitive else "",
            role=spec.get("role", "journalist"),
            gender=spec.get("gender", ""),
            outlet=outlet if spec.get("outlet") == "named" else None,
        )
        IncidentVictim.objects.create(
            incident=incident, victim=victim, role=victim.role, gender=victim.gender
        )
    for kind in perpetrators:
        from qorgau.monitoring.models import PerpetratorKind

        IncidentPerpetrator.objects.create(
            incident=incident, kind=PerpetratorKind.objects.get(code=kind)
        )
    for key in provisions:
        proceeding = Proceeding.objects.create(
            incident=incident,
            kind="criminal",
            provision=key,
            case_number=f"case {SECRET}" if sensitive else "",
            initiator=f"initiator {SECRET}" if sensitive else "",
        )
        ProceedingStatus.objects.create(proceeding=proceeding, stage="opened", date=day)
    if sensitive:
        Source.objects.create(incident=incident, title="Репортаж", url="https://example.org/a")
        Update.objects.create(
            incident=incident, date=day + datetime.timedelta(days=3), text_ru="Суд оштрафовал"
        )
        Appeal.objects.create(
            incident=incident,
            date=day + datetime.timedelta(days=5),
            body="Генеральная прокуратура",
            text="Просим проверить действия полиции",
        )
        online = OnlineViolence.objects.create(
            incident=incident,
            forms=["threats", "doxxing"],
            platforms=["telegram"],
            volume="hundreds",
            duration="weeks",
            coordination="evident",
            gendered=True,
            offline_harm=True,
            offline_harm_description=f"harm {SECRET}",
            impact=["self_censorship"],
            reported_to_platform=True,
            platform_response="Платформа удалила канал",
            reported_to_police=True,
            police_response="Полиция отказала в возбуждении дела",
        )
        online.warning_signs.add("coordinated")
    return incident


def with_fulltext() -> None:
    """The index is made by a migration and kept by triggers; this only checks it is there."""
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE name LIKE %s", [fulltext.FTS_TABLE + "%"]
            )
            assert cursor.fetchone()[0] >= 4  # the table, its shadow tables
