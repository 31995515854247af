"""Critical dates of a case: computed from the law's rules through core.dates, reviewed by a
second person, and reminded of 7, 3 and 1 days before."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from qorgau.accounts.models import Role, User
from qorgau.core.dates import DayKind, add_days
from qorgau.core.models import AuditEvent
from qorgau.core.services import audit_record
from qorgau.helpdesk.cases import notify, notify_activity
from qorgau.helpdesk.models import Case, CaseEvent, CriticalDate

REMINDER_DAYS = (7, 3, 1)


@dataclass(frozen=True)
class DateRule:
    """A term the law sets: days counted from an event, in calendar or working days."""

    key: str
    kind: str  # CriticalDate.Kind
    days: int
    day_kind: DayKind
    label: Any


def _rules() -> dict[str, DateRule]:
    from django.utils.translation import gettext_lazy as _

    rules = [
        DateRule(
            "kz-cpc-appeal",
            CriticalDate.Kind.APPEAL,
            15,
            DayKind.CALENDAR,
            _("Appeal against a criminal verdict: 15 days from its announcement"),
        ),
        DateRule(
            "kz-cao-appeal",
            CriticalDate.Kind.APPEAL,
            10,
            DayKind.CALENDAR,
            _("Appeal against a ruling on an administrative offence: 10 days from receiving it"),
        ),
        DateRule(
            "kz-ati-response",
            CriticalDate.Kind.RESPONSE,
            15,
            DayKind.CALENDAR,
            _("Answer to a request for information: 15 calendar days"),
        ),
        DateRule(
            "kz-detention-review",
            CriticalDate.Kind.DETENTION_REVIEW,
            2,
            DayKind.CALENDAR,
            _("Detention: a court must decide on arrest within 48 hours"),
        ),
        DateRule(
            "kz-civil-defamation-limitation",
            CriticalDate.Kind.LIMITATION,
            365,
            DayKind.CALENDAR,
            _("Claim against a mass medium for a refutation: one year from publication"),
        ),
    ]
    return {rule.key: rule for rule in rules}


def date_rules() -> dict[str, DateRule]:
    return _rules()


@transaction.atomic
def critical_date_add(
    *,
    actor: User,
    case: Case,
    kind: str,
    rule: str = "",
    start: dt.date | None = None,
    days: int | None = None,
    day_kind: str = "",
    due: dt.date | None = None,
) -> CriticalDate:
    """A critical date: computed through core.dates from a rule (or a term in days) and the day it
    is counted from, or typed in directly when no rule applies. It waits for a second person's
    review either way."""
    if kind not in CriticalDate.Kind.values:
        raise ValueError("unknown kind of date")
    if rule:
        found = _rules().get(rule)
        if found is None:
            raise ValueError(f"unknown rule {rule!r}")
        days, day_kind = found.days, found.day_kind
    if days is not None:
        if start is None or not day_kind:
            raise ValueError("a term in days needs the day it is counted from and how to count")
        due = add_days(start, days, kind=DayKind(day_kind)).due
    if due is None:
        raise ValueError("a critical date needs a due date or a rule to compute it")
    date = CriticalDate.objects.create(
        case=case,
        kind=kind,
        rule=rule,
        start=start if days is not None else None,
        days=days,
        day_kind=str(day_kind) if days is not None else "",
        due=due,
        created_by=actor,
    )
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.DATE,
        actor=actor,
        context={"date": date.pk, "kind": kind, "due": due.isoformat(), "rule": rule},
    )
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=date)
    notify_activity(case, actor)
    return date


@transaction.atomic
def critical_date_review(*, actor: User, date: CriticalDate) -> CriticalDate:
    """A second person confirms the date: never the one who entered it."""
    if date.created_by_id == actor.pk:
        raise PermissionError("a critical date is reviewed by a second person")
    if date.reviewed:
        return date
    date.reviewed_by = actor
    date.reviewed_at = timezone.now()
    date.save(update_fields=["reviewed_by", "reviewed_at"])
    CaseEvent.objects.create(
        case=date.case, kind=CaseEvent.Kind.DATE_REVIEWED, actor=actor, context={"date": date.pk}
    )
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=date, context={"reviewed": 1})
    return date


@transaction.atomic
def critical_date_done(*, actor: User, date: CriticalDate) -> CriticalDate:
    date.done = True
    date.save(update_fields=["done"])
    CaseEvent.objects.create(
        case=date.case,
        kind=CaseEvent.Kind.DATE,
        actor=actor,
        context={"date": date.pk, "done": True},
    )
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=date, context={"done": 1})
    return date


def reminders_due(today: dt.date | None = None) -> list[tuple[CriticalDate, int]]:
    """Open dates of open cases that are 7, 3 or 1 days away and not yet reminded of that."""
    today = today or timezone.localdate()
    wanted = {today + dt.timedelta(days=n): n for n in REMINDER_DAYS}
    dates = CriticalDate.objects.filter(
        due__in=list(wanted),
        done=False,
        case__closed_at__isnull=True,
        case__shredded_at__isnull=True,
    ).select_related("case")
    return [(d, wanted[d.due]) for d in dates if wanted[d.due] not in d.reminders_sent]


def reminders_send(today: dt.date | None = None) -> int:
    """Send each reminder once, to the case's lawyer (or the coordinator who opened it): a
    content-free mail with the link to the case."""
    sent = 0
    for date, days in reminders_due(today):
        with transaction.atomic():
            locked = CriticalDate.objects.select_for_update().get(pk=date.pk)
            if days in locked.reminders_sent:
                continue
            locked.reminders_sent = [*locked.reminders_sent, days]
            locked.save(update_fields=["reminders_sent"])
            people = [p for p in (date.case.lawyer_id or date.case.opened_by_id,) if p]
            if date.reviewed_by_id is None:
                people += _coordinator_ids()
            notify(date.case, sorted(set(people)), kind="reminder")
            sent += 1
    return sent


def _coordinator_ids() -> list[int]:
    return list(
        User.objects.filter(is_active=True, role_assignments__role=Role.COORDINATOR)
        .values_list("pk", flat=True)
        .distinct()
    )
