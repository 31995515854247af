"""API of triage and cases: the queue, the cases a person may see, and the statistics.

Only P0 facts travel through the API: reading sealed content needs the person's private key,
which is unlocked in a browser session only, never by an API token. A case a person may not see
answers 404, as on the pages.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from qorgau.helpdesk import queries
from qorgau.helpdesk.forms_cases import CaseFilter, QueueFilter
from qorgau.helpdesk.models import Case, HelpRequest
from qorgau.helpdesk.permissions import access_case, can_list_cases, can_triage

router = Router(tags=["helpdesk"])


class QueueItemOut(Schema):
    id: int
    reference: str
    received_on: dt.date
    status: str
    forum: str
    requester_kind: str
    region: str | None
    language: str
    urgent: bool
    urgency: list[str]


class CaseOut(Schema):
    id: int
    number: str
    codename: str
    kind: str
    forum: str
    stage: str
    risk: str
    strategic: bool
    region: str | None
    detained: bool
    lawyer: int | None
    opened_at: dt.datetime
    accepted_at: dt.datetime | None
    closed_at: dt.datetime | None
    outcome: str
    impact: list[str]


class StatisticsOut(Schema):
    requests: int
    by_kind: list[tuple[str, int]]
    by_forum: list[tuple[str, int]]
    by_region: list[tuple[str, int]]
    by_month: list[tuple[str, int]]
    assessed: int
    accepted: int
    referred: int
    declined: int
    acceptance_rate: float | None
    referral_rate: float | None
    first_response_days: float | None
    acceptance_days: float | None
    cases: int
    closed: int
    outcomes: list[tuple[str, int]]
    success_rate: float | None


def _queue_item(item: HelpRequest) -> dict[str, Any]:
    return {
        "id": item.pk,
        "reference": item.reference,
        "received_on": item.received_on,
        "status": item.status,
        "forum": item.forum,
        "requester_kind": item.requester_kind,
        "region": item.region_id,
        "language": item.language,
        "urgent": bool(getattr(item, "urgent_flag", False)),
        "urgency": item.urgency_reasons(),
    }


def _case(case: Case) -> dict[str, Any]:
    return {
        "id": case.pk,
        "number": case.number,
        "codename": case.codename,
        "kind": case.kind,
        "forum": case.forum,
        "stage": case.stage,
        "risk": case.risk,
        "strategic": case.strategic,
        "region": case.region_id,
        "detained": case.detained,
        "lawyer": case.lawyer_id,
        "opened_at": case.opened_at,
        "accepted_at": case.accepted_at,
        "closed_at": case.closed_at,
        "outcome": case.outcome,
        "impact": case.impact,
    }


@router.get(
    "/queue",
    response=list[QueueItemOut],
    summary="The coordinators' queue of help requests",
    description="Urgent first, then oldest first; filters as on the page: region, forum, "
    "requester_kind, status, urgent. Routing facts only. Coordinators only (404 otherwise).",
)
def queue(request: HttpRequest) -> Any:
    if not can_triage(request.user):
        raise Http404
    form = QueueFilter(request.GET or {})
    return [_queue_item(item) for item in form.apply(queries.queue())[:500]]


@router.get(
    "/cases",
    response=list[CaseOut],
    summary="The cases you may see",
    description="Coordinators and observers: every case; a lawyer: the cases they accepted. "
    "Filters: stage, kind, region, status (open or closed).",
)
def case_list(request: HttpRequest) -> Any:
    if not can_list_cases(request.user):
        raise Http404
    form = CaseFilter(request.GET)
    cases = queries.cases_visible_to(request.user)
    if request.GET:
        cases = form.apply(cases)
    return [_case(case) for case in cases[:500]]


@router.get("/cases/{case_id}", response=CaseOut, summary="One case's facts")
def case_detail(request: HttpRequest, case_id: int) -> Any:
    return _case(access_case(request.user, case_id))


@router.get(
    "/statistics",
    response=StatisticsOut,
    summary="Network statistics",
    description="The numbers of the statistics page; coordinators only (404 otherwise).",
)
def statistics(request: HttpRequest) -> Any:
    if not can_triage(request.user):
        raise Http404
    stats = queries.network_statistics()
    return {name: getattr(stats, name) for name in StatisticsOut.model_fields}
