"""Reads across triage and cases: the coordinators' queue, the cases a person may see, a case's
timeline, and the network statistics (from P0 facts and events only, so they survive expiry)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from statistics import median
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from qorgau.accounts.models import Role
from qorgau.core.permissions import has_role
from qorgau.helpdesk.models import (
    Case,
    CaseEvent,
    CaseOffer,
    HelpRequest,
    RequestMessage,
    TriageAssessment,
)

OPEN_STATUSES = (
    HelpRequest.Status.RECEIVED,
    HelpRequest.Status.TRIAGE,
    HelpRequest.Status.NEED_INFO,
    HelpRequest.Status.ACCEPTED,
)


def queue(today: dt.date | None = None) -> QuerySet[HelpRequest]:
    """Requests for coordinators: urgent first (detention, hearing within 7 days, deadline within
    14), then the oldest first, so nothing waits behind newer arrivals."""
    return (
        HelpRequest.objects.with_urgency(today)
        .select_related("region")
        .order_by("-urgent_flag", "received_on", "pk")  # type: ignore[misc]
    )


def cases_visible_to(user: Any) -> QuerySet[Case]:
    """Every case for coordinators and observers; the accepted ones for a lawyer; none otherwise."""
    cases = Case.objects.select_related("region", "lawyer")
    if has_role(user, Role.COORDINATOR, Role.OBSERVER):
        return cases
    if has_role(user, Role.LAWYER):
        return cases.filter(lawyer_id=user.pk, accepted_at__isnull=False)
    return cases.none()


def offers_for(user: Any) -> QuerySet[CaseOffer]:
    return (
        CaseOffer.objects.filter(lawyer_id=user.pk).select_related("case").order_by("-offered_at")
    )


def timeline(case: Case) -> QuerySet[CaseEvent]:
    return case.events.select_related("actor").order_by("created_at", "id")


# --- Statistics -----------------------------------------------------------------------------------


@dataclass
class Statistics:
    requests: int = 0
    by_kind: list[tuple[str, int]] = field(default_factory=list)
    by_forum: list[tuple[str, int]] = field(default_factory=list)
    by_region: list[tuple[str, int]] = field(default_factory=list)
    by_month: list[tuple[str, int]] = field(default_factory=list)
    assessed: int = 0
    accepted: int = 0
    referred: int = 0
    declined: int = 0
    first_response_days: float | None = None
    acceptance_days: float | None = None
    cases: int = 0
    closed: int = 0
    outcomes: list[tuple[str, int]] = field(default_factory=list)
    successes: int = 0

    @property
    def acceptance_rate(self) -> float | None:
        return self.accepted / self.assessed if self.assessed else None

    @property
    def referral_rate(self) -> float | None:
        return self.referred / self.assessed if self.assessed else None

    @property
    def success_rate(self) -> float | None:
        decided = sum(n for _code, n in self.outcomes)
        return self.successes / decided if decided else None

    @property
    def acceptance_percent(self) -> int | None:
        return _percent(self.acceptance_rate)

    @property
    def referral_percent(self) -> int | None:
        return _percent(self.referral_rate)

    @property
    def success_percent(self) -> int | None:
        return _percent(self.success_rate)


def _percent(rate: float | None) -> int | None:
    return None if rate is None else round(rate * 100)


def network_statistics(*, since: dt.date | None = None) -> Statistics:
    """Requests by requester kind, region and month; acceptance and referral rates (of the
    requests assessed, by their latest decision); median days to the first assessment and to a
    lawyer's acceptance; outcomes and success rate of closed cases. Expired requests keep their
    P0 row, so they still count."""
    stats = Statistics()
    requests = HelpRequest.objects.all()
    if since is not None:
        requests = requests.filter(received_on__gte=since)
    rows = list(
        requests.select_related("region").only(
            "pk", "requester_kind", "forum", "received_on", "region"
        )
    )
    kinds = dict(HelpRequest.RequesterKind.choices)
    stats.requests = len(rows)
    stats.by_kind = _counted(str(kinds.get(r.requester_kind, "—")) for r in rows)
    forums = dict(HelpRequest.Forum.choices)
    stats.by_forum = _counted(str(forums.get(r.forum, "—")) for r in rows)
    stats.by_region = _counted(r.region.name if r.region else "—" for r in rows)
    months = Counter(r.received_on.strftime("%Y-%m") for r in rows)
    stats.by_month = sorted(months.items())

    received = {r.pk: r.received_on for r in rows}
    latest: dict[int, str] = {}
    first: dict[int, dt.date] = {}
    for a in TriageAssessment.objects.filter(help_request_id__in=received).order_by("created_at"):
        latest[a.help_request_id] = a.decision
        first.setdefault(a.help_request_id, timezone.localdate(a.created_at))
    # A first answer is the first assessment or the first message to the requester, which came
    # first (messages go at expiry; assessments stay).
    replies = RequestMessage.objects.filter(
        request_id__in=received, direction=RequestMessage.Direction.TO_REQUESTER
    ).values_list("request_id", "sent_on")
    for request_id, sent_on in replies:
        if request_id not in first or sent_on < first[request_id]:
            first[request_id] = sent_on
    stats.assessed = len(latest)
    decisions = Counter(latest.values())
    stats.accepted = decisions[TriageAssessment.Decision.ACCEPT]
    stats.referred = decisions[TriageAssessment.Decision.REFER]
    stats.declined = decisions[TriageAssessment.Decision.DECLINE]
    response_days = [(day - received[pk]).days for pk, day in first.items()]
    stats.first_response_days = median(response_days) if response_days else None

    cases = Case.objects.all()
    if since is not None:
        cases = cases.filter(opened_at__date__gte=since)
    case_rows = list(
        cases.values("opened_at", "accepted_at", "closed_at", "outcome", "help_request_id")
    )
    stats.cases = len(case_rows)
    stats.closed = sum(1 for c in case_rows if c["closed_at"])
    acceptance = [
        (timezone.localdate(c["accepted_at"]) - received[c["help_request_id"]]).days
        for c in case_rows
        if c["accepted_at"] and c["help_request_id"] in received
    ]
    stats.acceptance_days = median(acceptance) if acceptance else None
    outcome_labels = dict(Case.Outcome.choices)
    counted = Counter(c["outcome"] for c in case_rows if c["outcome"])
    stats.outcomes = [
        (str(outcome_labels[o]), counted[o]) for o in Case.Outcome.values if counted[o]
    ]
    stats.successes = sum(n for o, n in counted.items() if o in Case.SUCCESSFUL)
    return stats


def _counted(values: Any) -> list[tuple[str, int]]:
    return Counter(values).most_common()
