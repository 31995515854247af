"""Conflict checks: a name against every earlier party (clients, opposing parties, witnesses,
judges, ...), through the blind index of normalised name variants. The server never compares
names in the clear; a match is only ever a *possible* conflict, for a person to decide."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from qorgau.core.crypto import blind_index, seal_text, server_seal
from qorgau.core.models import AuditEvent
from qorgau.core.services import audit_record
from qorgau.helpdesk.models import Case, CaseEvent, ConflictCheck, Party, PartyName

PARTY_PURPOSE = "helpdesk.party"
NAME_PURPOSE = "helpdesk.conflict"


def name_digests(name: str) -> set[str]:
    return blind_index(name, purpose=PARTY_PURPOSE)


def parties_matching(name: str, *, exclude: Party | None = None) -> QuerySet[Party]:
    """Every party whose name shares a normalised variant with `name`."""
    digests = name_digests(name)
    if not digests:
        return Party.objects.none()
    found = Party.objects.filter(
        pk__in=PartyName.objects.filter(digest__in=digests).values("party_id")
    )
    if exclude is not None:
        found = found.exclude(pk=exclude.pk)
    return found.select_related("case").order_by("case_id", "id")


@transaction.atomic
def conflict_check(
    *, actor: Any, name: str, case: Case | None = None, help_request: Any = None
) -> ConflictCheck:
    """Check `name` and record the check; possible matches wait for a person's decision."""
    name = name.strip()
    if not name:
        raise ValueError("a conflict check needs a name")
    matches = list(parties_matching(name))
    check = ConflictCheck.objects.create(
        case=case,
        help_request=help_request,
        name_sealed=server_seal(name, purpose=NAME_PURPOSE),
        status=ConflictCheck.Status.POSSIBLE if matches else ConflictCheck.Status.CLEAR,
        checked_by=actor,
    )
    check.matches.set(matches)
    if case is not None:
        CaseEvent.objects.create(
            case=case,
            kind=CaseEvent.Kind.CONFLICT,
            actor=actor,
            context={"check": check.pk, "status": check.status, "matches": len(matches)},
        )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=check,
        context={"status": check.status, "matches": len(matches)},
    )
    return check


@transaction.atomic
def conflict_decide(
    *, actor: Any, check: ConflictCheck, conflict: bool, reason: str, data_key: bytes | None
) -> ConflictCheck:
    """A person decides a possible conflict, with a reason (sealed with the case or request key
    when one is at hand)."""
    reason = reason.strip()
    if not reason:
        raise ValueError("a conflict decision needs a reason")
    if check.status != ConflictCheck.Status.POSSIBLE:
        raise ValueError("only a possible conflict waits for a decision")
    check.status = ConflictCheck.Status.CONFLICT if conflict else ConflictCheck.Status.NO_CONFLICT
    check.decided_by = actor
    check.decided_at = timezone.now()
    if data_key is not None:
        check.reason_sealed = seal_text(data_key, reason, aad=_aad(check))
    check.save(update_fields=["status", "decided_by", "decided_at", "reason_sealed"])
    if check.case_id is not None:
        CaseEvent.objects.create(
            case_id=check.case_id,
            kind=CaseEvent.Kind.CONFLICT,
            actor=actor,
            context={"check": check.pk, "status": check.status},
        )
    audit_record(
        actor=actor, action=AuditEvent.Action.UPDATE, obj=check, context={"status": check.status}
    )
    return check


def _aad(check: ConflictCheck) -> bytes:
    return f"helpdesk.conflict:{check.pk}".encode()


def conflict_reason(check: ConflictCheck, data_key: bytes) -> str:
    from qorgau.core.crypto import unseal_text

    if not check.reason_sealed:
        return ""
    return unseal_text(data_key, bytes(check.reason_sealed), aad=_aad(check))


@transaction.atomic
def party_add(
    *, actor: Any, case: Case, role: str, name: str, kind: str = Party.Kind.PERSON
) -> tuple[Party, ConflictCheck]:
    """Add a party to a case, checking its name against every earlier party first."""
    name = name.strip()
    if role not in Party.Role.values or kind not in Party.Kind.values:
        raise ValueError("unknown party role or kind")
    check = conflict_check(actor=actor, name=name, case=case)
    party = Party.objects.create(
        case=case,
        role=role,
        kind=kind,
        name_sealed=server_seal(name, purpose=PARTY_PURPOSE),
        created_by=actor,
    )
    PartyName.objects.bulk_create(
        [PartyName(party=party, digest=digest) for digest in sorted(name_digests(name))]
    )
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.PARTY,
        actor=actor,
        context={"party": party.pk, "role": role, "conflict_check": check.status},
    )
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=party, context={"role": role})
    return party, check
