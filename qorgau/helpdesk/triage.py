"""Triage services: a coordinator's assessment of a help request and its decision.

The assessment's P0 answers (journalistic function, link, public interest, jurisdiction, risk,
strategic potential, decision) feed the statistics; the free-text reasoning and the reason for a
decline or a referral are P2, sealed with the request's data key.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from qorgau.core.crypto import DecryptionFailed, seal_text, unseal_text, unwrap_with
from qorgau.core.models import AuditEvent
from qorgau.core.services import audit_record
from qorgau.helpdesk.models import HelpRequest, RequestKeyGrant, TriageAssessment

DECISION_STATUS = {
    TriageAssessment.Decision.ACCEPT: HelpRequest.Status.ACCEPTED,
    TriageAssessment.Decision.ADVICE: HelpRequest.Status.ADVICE,
    TriageAssessment.Decision.REFER: HelpRequest.Status.REFERRED,
    TriageAssessment.Decision.DECLINE: HelpRequest.Status.DECLINED,
    TriageAssessment.Decision.MORE_INFO: HelpRequest.Status.NEED_INFO,
}


def request_key(request: HttpRequest, help_request: HelpRequest) -> bytes | None:
    """The request's data key for the signed-in person: their grant, unwrapped with their
    unlocked private key; None when they have no grant or their keys are locked."""
    from qorgau.accounts.keys import private_key_for

    grant = RequestKeyGrant.objects.filter(
        request=help_request, kind=RequestKeyGrant.Kind.USER, user_id=int(request.user.pk or 0)
    ).first()
    if grant is None:
        return None
    private_key = private_key_for(request)
    if private_key is None:
        return None
    try:
        return unwrap_with(private_key, bytes(grant.wrapped_key))
    except DecryptionFailed:
        return None


def _aad(assessment: TriageAssessment, part: str) -> bytes:
    return f"helpdesk.triage:{assessment.pk}:{part}".encode()


@transaction.atomic
def triage_assess(
    *,
    actor: Any,
    help_request: HelpRequest,
    data_key: bytes,
    journalistic_function: str,
    journalism_link: str,
    public_interest: str,
    jurisdiction: str,
    risk: str,
    strategic: str,
    decision: str,
    reasoning: str = "",
    reason: str = "",
    refer_to: Any = None,
) -> TriageAssessment:
    """Record an assessment and apply its decision to the request's status. A decline and a
    referral need a reason; a referral names the partner organisation."""
    if decision not in TriageAssessment.Decision.values:
        raise ValueError(f"unknown decision {decision!r}")
    if decision in TriageAssessment.NEEDS_REASON and not reason.strip():
        raise ValueError("a decline or a referral needs a reason")
    if decision == TriageAssessment.Decision.REFER and refer_to is None:
        raise ValueError("a referral names the organisation")
    if not help_request.is_open:
        raise ValueError("this request is closed")
    assessment = TriageAssessment.objects.create(
        help_request=help_request,
        assessor=actor,
        journalistic_function=journalistic_function,
        journalism_link=journalism_link,
        public_interest=public_interest,
        jurisdiction=jurisdiction,
        risk=risk,
        strategic=strategic,
        decision=decision,
        refer_to=refer_to if decision == TriageAssessment.Decision.REFER else None,
    )
    assessment.full_clean(exclude=["help_request", "assessor", "refer_to"])
    if reasoning.strip():
        assessment.reasoning_sealed = seal_text(
            data_key, reasoning.strip(), aad=_aad(assessment, "reasoning")
        )
    if reason.strip():
        assessment.reason_sealed = seal_text(
            data_key, reason.strip(), aad=_aad(assessment, "reason")
        )
    assessment.save(update_fields=["reasoning_sealed", "reason_sealed"])
    old_status = help_request.status
    help_request.status = DECISION_STATUS[TriageAssessment.Decision(decision)]
    help_request.last_activity_on = timezone.localdate()
    help_request.save(update_fields=["status", "last_activity_on"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=assessment,
        context={"request": help_request.pk, "decision": decision},
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=help_request,
        context={"status": [old_status, help_request.status], "triage": assessment.pk},
    )
    return assessment


def assessment_texts(assessment: TriageAssessment, data_key: bytes) -> dict[str, str]:
    texts = {}
    for part in ("reasoning", "reason"):
        token = bytes(getattr(assessment, f"{part}_sealed"))
        texts[part] = unseal_text(data_key, token, aad=_aad(assessment, part)) if token else ""
    return texts
