"""Writes that every app shares: the audit trail and the calendar corrections."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models, transaction

from qorgau.core.models import AuditEvent, CalendarOverride


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    context: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event. An anonymous actor is stored as no actor at all."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        context=context or {},
    )


@transaction.atomic
def calendar_override_add(
    *, actor: Any, date: datetime.date, kind: str, reason_kk: str, reason_ru: str, reason_en: str
) -> CalendarOverride:
    override = CalendarOverride.objects.create(
        date=date,
        kind=kind,
        reason_kk=reason_kk,
        reason_ru=reason_ru,
        reason_en=reason_en,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=override,
        context={"date": str(date), "kind": kind},
    )
    return override


@transaction.atomic
def calendar_override_remove(*, actor: Any, override: CalendarOverride) -> None:
    context = {"date": str(override.date), "kind": override.kind}
    object_id = override.pk
    override.delete()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        object_type="core.calendaroverride",
        object_id=object_id,
        context=context,
    )
