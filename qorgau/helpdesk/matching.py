"""Matching a case to a lawyer: who can take it (expertise, region, language, capacity,
availability), ranked by fair load, with the duty rota first when someone is detained."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qorgau.helpdesk.models import Case, CaseOffer
from qorgau.network.models import LawyerProfile
from qorgau.network.queries import lawyers_available, lawyers_on_duty

RECENT_DAYS = 90

FILTER_LABELS = {
    "expertise": _("expertise"),
    "region": _("region"),
    "language": _("language"),
    "capacity": _("no room below their maximum of cases"),
    "offered": _("already offered this case"),
}


@dataclass
class Candidate:
    profile: LawyerProfile
    active: int  # open cases plus offers waiting for an answer
    recent: int  # cases accepted in the last RECENT_DAYS days
    on_duty: bool = False
    has_keys: bool = True  # without a key pair nothing can be wrapped for them: no offer yet
    misses: list[str] = field(default_factory=list)  # filters a duty lawyer does not meet

    @property
    def user(self) -> Any:
        return self.profile.user

    @property
    def capacity(self) -> int:
        return self.profile.max_active_cases

    @property
    def miss_labels(self) -> list[str]:
        return [str(FILTER_LABELS[m]) for m in self.misses]

    @property
    def load(self) -> float:
        """Share of their own capacity in use: 0.0 is free, 1.0 is full."""
        return self.active / self.capacity if self.capacity else 1.0


@dataclass
class Matching:
    candidates: list[Candidate]
    average_recent: float
    excluded: dict[str, int]  # why others were left out: filter name → how many

    @property
    def excluded_labels(self) -> list[tuple[str, int]]:
        return [(str(FILTER_LABELS[why]), n) for why, n in self.excluded.items()]


def _counts(user_ids: list[int], now: dt.datetime) -> tuple[dict[int, int], dict[int, int]]:
    open_cases = dict(
        Case.objects.filter(
            lawyer_id__in=user_ids, closed_at__isnull=True, shredded_at__isnull=True
        )
        .values_list("lawyer_id")
        .annotate(n=Count("id"))
        .values_list("lawyer_id", "n")
    )
    waiting = dict(
        CaseOffer.objects.filter(lawyer_id__in=user_ids, status__in=CaseOffer.OPEN)
        .values_list("lawyer_id")
        .annotate(n=Count("id"))
        .values_list("lawyer_id", "n")
    )
    recent = dict(
        Case.objects.filter(
            lawyer_id__in=user_ids, accepted_at__gte=now - dt.timedelta(days=RECENT_DAYS)
        )
        .values_list("lawyer_id")
        .annotate(n=Count("id"))
        .values_list("lawyer_id", "n")
    )
    active = {pk: open_cases.get(pk, 0) + waiting.get(pk, 0) for pk in user_ids}
    return active, recent


def _fits(profile: LawyerProfile, case: Case) -> list[str]:
    """The filters this lawyer does not meet for this case (empty: a full match)."""
    misses = []
    if case.kind and case.kind not in (profile.expertise or []):
        misses.append("expertise")
    if case.region_id and case.region_id not in {r.pk for r in profile.regions.all()}:
        misses.append("region")
    if case.language and case.language not in (profile.languages or []):
        misses.append("language")
    return misses


def candidates_for(case: Case, *, now: dt.datetime | None = None) -> Matching:
    """Lawyers who may be offered `case`, best first.

    Everyone must be available (network.queries.lawyers_available: active, accepting cases,
    licensed, not absent today), have the case's expertise, work in its region and language, and
    have room below their maximum of active cases. They are ranked by fair load: the smallest
    share of their own capacity in use first, then fewest cases taken in the last 90 days against
    the network's average. When someone is detained, lawyers on the duty rota now come first,
    whatever their load or expertise (a detention cannot wait for the best match): the filters
    they miss are shown beside them.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    available = list(lawyers_available(on=today))
    duty = list(lawyers_on_duty(at=now)) if case.detained else []
    already = set(
        CaseOffer.objects.filter(case=case)
        .filter(Q(status__in=CaseOffer.OPEN) | Q(status=CaseOffer.Status.DECLINED))
        .values_list("lawyer_id", flat=True)
    )
    profiles = {p.pk: p for p in [*available, *duty]}
    user_ids = [p.user_id for p in profiles.values()]
    active, recent = _counts(user_ids, now)
    from qorgau.accounts.models import UserKeyPair

    with_keys = set(
        UserKeyPair.objects.filter(user_id__in=user_ids).values_list("user_id", flat=True)
    )
    average = sum(recent.values()) / len(user_ids) if user_ids else 0.0
    duty_ids = {p.pk for p in duty}
    excluded: dict[str, int] = {}
    chosen: list[Candidate] = []
    for profile in profiles.values():
        if profile.user_id in already:
            excluded["offered"] = excluded.get("offered", 0) + 1
            continue
        candidate = Candidate(
            profile=profile,
            active=active.get(profile.user_id, 0),
            recent=recent.get(profile.user_id, 0),
            on_duty=profile.pk in duty_ids,
            has_keys=profile.user_id in with_keys,
        )
        misses = _fits(profile, case)
        if candidate.on_duty:
            candidate.misses = misses
        elif misses:
            for miss in misses[:1]:
                excluded[miss] = excluded.get(miss, 0) + 1
            continue
        elif candidate.active >= candidate.capacity:
            excluded["capacity"] = excluded.get("capacity", 0) + 1
            continue
        chosen.append(candidate)
    chosen.sort(
        key=lambda c: (
            not c.on_duty,
            c.load,
            c.recent - average,
            c.profile.user.get_full_name().casefold(),
        )
    )
    return Matching(candidates=chosen, average_recent=average, excluded=excluded)
