"""Demo data of the monitoring record: a year of fictional incidents (December 2025 to November
2026, about 45 a month) in three languages, mostly verified and published, some still in the
monitors' queue, with the events of their review, later updates and appeals."""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from qorgau.accounts.models import Role, User
from qorgau.monitoring.generator import GeneratedIncident, generate_incidents, insert_generated
from qorgau.monitoring.models import (
    Appeal,
    Collection,
    Incident,
    IncidentEvent,
    Outlet,
    Proceeding,
    Update,
    Victim,
)

COUNT = 540
SEED = 2026


def period() -> tuple[datetime.date, datetime.date]:
    """The demo year: from the first day of the month eleven months ago up to today, so no
    incident is dated in the future."""
    today = timezone.localdate()
    months = today.year * 12 + today.month - 1 - 11
    return datetime.date(months // 12, months % 12 + 1, 1), today


UPDATES = (
    (
        "Сот отырысы келесі айға шегерілді.",
        "Судебное заседание перенесено на следующий месяц.",
        "The hearing was postponed to next month.",
    ),
    (
        "Прокуратура тексеру бастады.",
        "Прокуратура начала проверку.",
        "The prosecutor's office opened an inquiry.",
    ),
    (
        "Журналистке техникасы қайтарылды.",
        "Журналисту вернули технику.",
        "The journalist's equipment was returned.",
    ),
)


def _monitors() -> list[User]:
    return list(User.objects.filter(role_assignments__role=Role.MONITOR).order_by("pk"))


@transaction.atomic
def load() -> None:
    """Replace the monitoring demo record with a freshly generated one."""
    Incident.objects.all().delete()
    Victim.objects.all().delete()
    Outlet.objects.all().delete()
    rng = random.Random(SEED)  # noqa: S311 (fictional data)
    monitors = _monitors()
    start, end = period()
    items = list(generate_incidents(COUNT, seed=SEED, start=start, end=end))
    for item in items:
        incident = item.incident
        created = datetime.datetime.combine(
            incident.date + datetime.timedelta(days=rng.randint(0, 3)),
            datetime.time(9 + rng.randrange(8), rng.randrange(60)),
            tzinfo=datetime.UTC,
        )
        incident.created_at = incident.updated_at = created
        if incident.published_at is not None and incident.published_at < created:
            incident.published_at = created + datetime.timedelta(days=2)
        incident.created_by = monitors[0] if monitors else None
    for item in items[:: len(items) // 12]:
        item.incident.status = Incident.Status.RECEIVED
        item.incident.verification = Incident.Verification.UNVERIFIED
        item.incident.origin = Incident.Origin.REPORT
        item.incident.published_at = None
        item.incident.created_by = None
        item.incident.reporter_contact = "Signal: +7 700 000 00 00 (fictional)"
    insert_generated(items)
    _events(items, monitors, rng)
    _later_developments(items, rng)


def _events(items: list[GeneratedIncident], monitors: list[User], rng: random.Random) -> None:
    events = []
    for item in items:
        incident = item.incident
        first = rng.choice(monitors) if monitors else None
        second = rng.choice(monitors) if monitors else None
        origin_kind = (
            IncidentEvent.Kind.REPORTED
            if incident.origin == Incident.Origin.REPORT
            else IncidentEvent.Kind.CREATED
        )
        events.append(
            IncidentEvent(
                incident=incident,
                actor=None if origin_kind == "reported" else first,
                kind=origin_kind,
                created_at=incident.created_at,
            )
        )
        step = incident.created_at
        if incident.status != Incident.Status.RECEIVED:
            step += datetime.timedelta(hours=3)
            events.append(
                IncidentEvent(incident=incident, actor=first, kind="review", created_at=step)
            )
        if incident.verification != Incident.Verification.UNVERIFIED:
            step += datetime.timedelta(days=1)
            events.append(
                IncidentEvent(
                    incident=incident,
                    actor=second,
                    kind="verified",
                    created_at=step,
                    context={"level": incident.verification},
                )
            )
        closing = {"published": "published", "rejected": "rejected", "duplicate": "duplicate"}
        if incident.status in closing:
            events.append(
                IncidentEvent(
                    incident=incident,
                    actor=second,
                    kind=closing[incident.status],
                    created_at=incident.published_at or step + datetime.timedelta(days=1),
                )
            )
    IncidentEvent.objects.bulk_create(events, batch_size=1000)


def _later_developments(items: list[GeneratedIncident], rng: random.Random) -> None:
    lawyer = User.objects.filter(role_assignments__role=Role.LAWYER).order_by("pk").first()
    updates, appeals = [], []
    for item in items:
        incident = item.incident
        if item.proceedings and rng.random() < 0.3:
            text = rng.choice(UPDATES)
            updates.append(
                Update(
                    incident=incident,
                    date=min(
                        incident.date + datetime.timedelta(days=rng.randint(10, 40)), period()[1]
                    ),
                    text_kk=text[0],
                    text_ru=text[1],
                    text_en=text[2],
                )
            )
        if incident.context == Incident.Context.PROTEST and rng.random() < 0.5:
            appeals.append(
                Appeal(
                    incident=incident,
                    kind=Appeal.Kind.APPEAL,
                    date=incident.date + datetime.timedelta(days=2),
                    body="Генеральная прокуратура / General Prosecutor's Office",
                    text="Мониторинговая сеть просит проверить законность задержания журналиста.",
                )
            )
    Update.objects.bulk_create(updates)
    Appeal.objects.bulk_create(appeals)
    if lawyer is not None:
        criminal = Proceeding.objects.filter(kind="criminal").order_by("pk")
        Proceeding.objects.filter(pk__in=criminal.values("pk")[:20]).update(defence_lawyer=lawyer)
    protests, _created = Collection.objects.get_or_create(
        slug="protests",
        defaults={
            "title_kk": "Наразылық акцияларындағы журналистер",
            "title_ru": "Журналисты на акциях протеста",
            "title_en": "Journalists at protests",
        },
    )
    protests.incident_set.set(Incident.objects.filter(context=Incident.Context.PROTEST))


def summary() -> list[str]:
    published = Incident.objects.public().count()
    queue = Incident.objects.filter(
        status__in=[Incident.Status.RECEIVED, Incident.Status.REVIEW, Incident.Status.VERIFIED]
    ).count()
    return [f"Monitoring: {published} published incidents, {queue} in the monitors' queue."]
