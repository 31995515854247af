"""Offering a case to a lawyer: the redacted summary sealed for them, their answer, and the key
grant that becomes usable when they accept."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from qorgau.accounts.models import Role, User
from qorgau.core.crypto import (
    DecryptionFailed,
    new_data_key,
    seal_text,
    unseal_text,
    unwrap_with,
    wrap_for,
)
from qorgau.core.models import AuditEvent
from qorgau.core.services import audit_record
from qorgau.helpdesk.cases import notify, require_public_key
from qorgau.helpdesk.models import Case, CaseEvent, CaseKeyGrant, CaseOffer


def active_case_count(user: Any) -> int:
    """Cases a lawyer carries now: accepted and open, plus offers still waiting for an answer."""
    open_cases = Case.objects.filter(lawyer=user, closed_at__isnull=True, shredded_at__isnull=True)
    waiting = CaseOffer.objects.filter(lawyer=user, status__in=CaseOffer.OPEN)
    return open_cases.count() + waiting.count()


def _offer_aad(offer: CaseOffer) -> bytes:
    return f"helpdesk.offer:{offer.pk}".encode()


@transaction.atomic
def case_offer(
    *,
    actor: User,
    case: Case,
    lawyer: User,
    summary: str,
    data_key: bytes,
    duty: bool = False,
) -> CaseOffer:
    """Offer a case to a lawyer with a redacted summary written for them.

    The summary is sealed with a key of the offer, wrapped for the lawyer and the coordinator.
    The case key is wrapped for the lawyer now, while the coordinator holds it, but the grant
    stays inactive, and `case_key` refuses it, until the lawyer accepts."""
    if case.lawyer_id is not None or case.is_closed or case.is_shredded:
        raise ValueError("this case is not open for offers")
    if not summary.strip():
        raise ValueError("an offer needs a summary")
    if not lawyer.is_active or Role.LAWYER not in lawyer.roles:
        raise ValueError("offers go to lawyers")
    if CaseOffer.objects.filter(case=case, lawyer=lawyer, status__in=CaseOffer.OPEN).exists():
        raise ValueError("this lawyer already has an open offer for the case")
    summary_key = new_data_key()
    offer = CaseOffer.objects.create(
        case=case,
        lawyer=lawyer,
        offered_by=actor,
        duty=duty,
        summary_sealed=b"",
        key_for_lawyer=wrap_for(require_public_key(lawyer), summary_key),
        key_for_coordinator=wrap_for(require_public_key(actor), summary_key),
    )
    offer.summary_sealed = seal_text(summary_key, summary.strip(), aad=_offer_aad(offer))
    offer.save(update_fields=["summary_sealed"])
    if not CaseKeyGrant.objects.filter(case=case, user=lawyer, active=True).exists():
        CaseKeyGrant.objects.update_or_create(
            case=case,
            user=lawyer,
            defaults={
                "wrapped": wrap_for(require_public_key(lawyer), data_key),
                "active": False,
                "granted_by": actor,
            },
        )
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.OFFERED,
        actor=actor,
        context={"offer": offer.pk, "lawyer": lawyer.pk, "duty": duty},
    )
    audit_record(
        actor=actor, action=AuditEvent.Action.CREATE, obj=offer, context={"lawyer": lawyer.pk}
    )
    notify(case, [lawyer.pk], kind="offer")
    return offer


def offer_key(request: HttpRequest, offer: CaseOffer) -> bytes | None:
    """The offer's key for the lawyer it was made to or the coordinator who made it."""
    from qorgau.accounts.keys import private_key_for

    if request.user.pk == offer.lawyer_id:
        wrapped = offer.key_for_lawyer
    elif request.user.pk == offer.offered_by_id:
        wrapped = offer.key_for_coordinator
    else:
        return None
    private_key = private_key_for(request)
    if private_key is None:
        return None
    try:
        return unwrap_with(private_key, bytes(wrapped))
    except DecryptionFailed:
        return None


def offer_summary(offer: CaseOffer, key: bytes) -> str:
    return unseal_text(key, bytes(offer.summary_sealed), aad=_offer_aad(offer))


def offer_decline_note(offer: CaseOffer, key: bytes) -> str:
    if not offer.decline_note_sealed:
        return ""
    return unseal_text(key, bytes(offer.decline_note_sealed), aad=_offer_aad(offer) + b":decline")


@transaction.atomic
def offer_view(*, actor: User, offer: CaseOffer) -> CaseOffer:
    """The lawyer opened the offer: recorded once, the first time."""
    if offer.lawyer_id != actor.pk or offer.status != CaseOffer.Status.OFFERED:
        return offer
    offer.status = CaseOffer.Status.VIEWED
    offer.viewed_at = timezone.now()
    offer.save(update_fields=["status", "viewed_at"])
    CaseEvent.objects.create(
        case=offer.case, kind=CaseEvent.Kind.OFFER_VIEWED, actor=actor, context={"offer": offer.pk}
    )
    audit_record(actor=actor, action=AuditEvent.Action.VIEW, obj=offer)
    return offer


@transaction.atomic
def offer_accept(*, actor: User, offer: CaseOffer) -> Case:
    """The lawyer takes the case: their key grant becomes usable, other open offers end."""
    offer = CaseOffer.objects.select_for_update().select_related("case").get(pk=offer.pk)
    case = Case.objects.select_for_update().get(pk=offer.case_id)
    if offer.lawyer_id != actor.pk:
        raise PermissionError("only the lawyer offered the case can accept it")
    if not offer.is_open:
        raise ValueError("this offer is no longer open")
    if case.lawyer_id is not None:
        raise ValueError("another lawyer has already taken this case")
    now = timezone.now()
    offer.status = CaseOffer.Status.ACCEPTED
    offer.responded_at = now
    offer.save(update_fields=["status", "responded_at"])
    case.lawyer = actor
    case.accepted_at = now
    case.save(update_fields=["lawyer", "accepted_at"])
    CaseKeyGrant.objects.filter(case=case, user=actor).update(active=True)
    for other in CaseOffer.objects.filter(case=case, status__in=CaseOffer.OPEN).exclude(
        pk=offer.pk
    ):
        _offer_end(other, actor=None, status=CaseOffer.Status.WITHDRAWN)
    CaseEvent.objects.create(
        case=case, kind=CaseEvent.Kind.ACCEPTED, actor=actor, context={"offer": offer.pk}
    )
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=offer, context={"accepted": 1})
    if offer.offered_by_id:
        notify(case, [offer.offered_by_id])
    return case


@transaction.atomic
def offer_decline(
    *, actor: User, offer: CaseOffer, reason: str, note: str = "", key: bytes | None = None
) -> CaseOffer:
    """The lawyer declines, with a reason; a note is sealed with the offer's key."""
    if offer.lawyer_id != actor.pk:
        raise PermissionError("only the lawyer offered the case can decline it")
    if not offer.is_open:
        raise ValueError("this offer is no longer open")
    if reason not in CaseOffer.DeclineReason.values:
        raise ValueError("a declined offer needs a reason")
    offer.decline_reason = reason
    if note.strip() and key is not None:
        offer.decline_note_sealed = seal_text(
            key, note.strip(), aad=_offer_aad(offer) + b":decline"
        )
    offer.save(update_fields=["decline_reason", "decline_note_sealed"])
    _offer_end(offer, actor=actor, status=CaseOffer.Status.DECLINED)
    if offer.offered_by_id:
        notify(offer.case, [offer.offered_by_id])
    return offer


@transaction.atomic
def offer_withdraw(*, actor: User, offer: CaseOffer) -> CaseOffer:
    if not offer.is_open:
        raise ValueError("this offer is no longer open")
    _offer_end(offer, actor=actor, status=CaseOffer.Status.WITHDRAWN)
    return offer


def _offer_end(offer: CaseOffer, *, actor: User | None, status: str) -> None:
    offer.status = status
    offer.responded_at = timezone.now()
    offer.save(update_fields=["status", "responded_at"])
    # The unused grant goes: the case key stays only with those who may read the case.
    CaseKeyGrant.objects.filter(
        case_id=offer.case_id, user_id=offer.lawyer_id, active=False
    ).delete()
    kind = (
        CaseEvent.Kind.DECLINED if status == CaseOffer.Status.DECLINED else CaseEvent.Kind.WITHDRAWN
    )
    context: dict[str, Any] = {"offer": offer.pk}
    if offer.decline_reason:
        context["reason"] = offer.decline_reason
    CaseEvent.objects.create(case_id=offer.case_id, kind=kind, actor=actor, context=context)
    audit_record(
        actor=actor, action=AuditEvent.Action.UPDATE, obj=offer, context={"status": status}
    )
