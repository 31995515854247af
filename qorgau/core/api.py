"""API of core: regions, the deadline calculator, calendar corrections and the audit trail."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import AuthorizationError, HttpError
from ninja.pagination import paginate

from qorgau.accounts.models import Role
from qorgau.core import dates, services
from qorgau.core.filters import AuditFilter
from qorgau.core.forms import CalendarOverrideForm
from qorgau.core.models import AuditEvent, CalendarOverride, Region
from qorgau.core.permissions import has_role
from qorgau.core.schemas import (
    AuditEventOut,
    CalendarOverrideIn,
    CalendarOverrideOut,
    DeadlineOut,
    RegionOut,
)

router = Router(tags=["core"])


def _require(request: HttpRequest, *roles: str) -> None:
    if not has_role(request.user, *roles):
        raise AuthorizationError(message=_("Your account does not have the role this needs."))


@router.get("/regions", response=list[RegionOut], auth=None, summary="Regions of Kazakhstan")
def region_list(request: HttpRequest) -> Any:
    return Region.objects.filter(active=True)


@router.get(
    "/calendar/deadline", response=DeadlineOut, auth=None, summary="Compute a legal deadline"
)
def deadline(request: HttpRequest, start: datetime.date, days: int, kind: dates.DayKind) -> Any:
    if not 0 <= days <= 3650:
        raise HttpError(422, _("The number of days must be between 0 and 3650."))
    result = dates.add_days(start, days, kind=kind)
    return {
        "start": result.start,
        "days": result.days,
        "kind": str(result.kind),
        "due": result.due,
        "skipped": [{"date": s.date, "reason": s.reason} for s in result.skipped],
        "explanation": list(result.explanation),
    }


@router.get("/calendar/overrides", response=list[CalendarOverrideOut], auth=None)
def override_list(request: HttpRequest) -> Any:
    return CalendarOverride.objects.all()


@router.post("/calendar/overrides", response={201: CalendarOverrideOut})
def override_create(request: HttpRequest, payload: CalendarOverrideIn) -> Any:
    _require(request, Role.ADMIN)
    form = CalendarOverrideForm(payload.dict())
    if not form.is_valid():
        raise HttpError(422, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return Status(201, services.calendar_override_add(actor=request.user, **form.cleaned_data))


@router.get(
    "/audit/events",
    response=list[AuditEventOut],
    summary="The audit trail (administrators)",
    description="Filters: actor, action, object_type, object_id, since, until (YYYY-MM-DD), "
    "the same as on the audit page.",
)
@paginate
def audit_events(request: HttpRequest) -> Any:
    _require(request, Role.ADMIN)
    form = AuditFilter(request.GET)
    if not form.is_valid():
        raise HttpError(422, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return form.apply(AuditEvent.objects.select_related("actor"))
