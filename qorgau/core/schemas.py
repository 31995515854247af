from __future__ import annotations

import datetime

from ninja import Schema

from qorgau.core.models import AuditEvent


class RegionOut(Schema):
    code: str
    kind: str
    name: str
    name_kk: str
    name_ru: str
    name_en: str


class SkippedDayOut(Schema):
    date: datetime.date
    reason: str


class DeadlineOut(Schema):
    start: datetime.date
    days: int
    kind: str
    due: datetime.date
    skipped: list[SkippedDayOut]
    explanation: list[str]


class CalendarOverrideIn(Schema):
    date: datetime.date
    kind: str
    reason_kk: str
    reason_ru: str
    reason_en: str


class CalendarOverrideOut(Schema):
    id: int
    date: datetime.date
    kind: str
    reason: str


class AuditEventOut(Schema):
    id: int
    created_at: datetime.datetime
    actor: str | None = None
    action: str
    object_type: str
    object_id: str
    context: dict[str, object]

    @staticmethod
    def resolve_actor(obj: AuditEvent) -> str | None:
        return obj.actor.email if obj.actor else None
