"""Revealing the requester's identity to the case's lawyer: a coordinator asks, an identity
custodian decides, a coordinator who holds the request's key carries it out."""

from __future__ import annotations

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
from qorgau.helpdesk.models import Case, CaseEvent, IdentityDisclosure


def _custodians() -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, role_assignments__role=Role.CUSTODIAN, keypair__isnull=False
        ).distinct()
    )


def _disclosure_aad(disclosure: IdentityDisclosure) -> bytes:
    return f"helpdesk.disclosure:{disclosure.pk}".encode()


@transaction.atomic
def disclosure_request(*, actor: User, case: Case, reason: str) -> IdentityDisclosure:
    """A coordinator asks to reveal the requester's identity to the case's lawyer, saying why.
    The reason is sealed for the custodians (and the coordinator) to read."""
    import base64

    if case.help_request_id is None or case.lawyer_id is None or case.accepted_at is None:
        raise ValueError("only a case from a request, taken by a lawyer, has an identity to share")
    if not reason.strip():
        raise ValueError("revealing the identity needs a reason")
    if case.disclosures.filter(
        status__in=[IdentityDisclosure.Status.REQUESTED, IdentityDisclosure.Status.APPROVED]
    ).exists():
        raise ValueError("a request to reveal the identity is already open")
    custodians = _custodians()
    if not custodians:
        raise ValueError("no identity custodian with a key pair can decide")
    key = new_data_key()
    readers = {user.pk: user for user in [*custodians, actor]}
    disclosure = IdentityDisclosure.objects.create(
        case=case,
        lawyer_id=case.lawyer_id,
        reason_sealed=b"",
        requested_by=actor,
        wrapped_keys={
            str(pk): base64.b64encode(wrap_for(require_public_key(user), key)).decode()
            for pk, user in readers.items()
        },
    )
    disclosure.reason_sealed = seal_text(key, reason.strip(), aad=_disclosure_aad(disclosure))
    disclosure.save(update_fields=["reason_sealed"])
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.DISCLOSURE,
        actor=actor,
        context={"disclosure": disclosure.pk, "status": disclosure.status},
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=disclosure,
        context={"lawyer": case.lawyer_id},
    )
    notify(case, [c.pk for c in custodians], kind="disclosure")
    return disclosure


def disclosure_reason(request: HttpRequest, disclosure: IdentityDisclosure) -> str | None:
    """The stated reason, for a custodian or the coordinator who asked; None otherwise."""
    import base64

    from qorgau.accounts.keys import private_key_for

    wrapped = disclosure.wrapped_keys.get(str(request.user.pk))
    private_key = private_key_for(request) if wrapped else None
    if wrapped is None or private_key is None:
        return None
    try:
        key = unwrap_with(private_key, base64.b64decode(wrapped))
        return unseal_text(key, bytes(disclosure.reason_sealed), aad=_disclosure_aad(disclosure))
    except DecryptionFailed:
        return None


@transaction.atomic
def disclosure_decide(
    *, actor: User, disclosure: IdentityDisclosure, approve: bool
) -> IdentityDisclosure:
    """An identity custodian approves or refuses; never the coordinator who asked."""
    if Role.CUSTODIAN not in actor.roles:
        raise PermissionError("identity custodians decide")
    if disclosure.requested_by_id == actor.pk:
        raise PermissionError("the person who asked does not decide")
    if disclosure.status != IdentityDisclosure.Status.REQUESTED:
        raise ValueError("this request was already decided")
    disclosure.status = (
        IdentityDisclosure.Status.APPROVED if approve else IdentityDisclosure.Status.REFUSED
    )
    disclosure.decided_by = actor
    disclosure.decided_at = timezone.now()
    disclosure.save(update_fields=["status", "decided_by", "decided_at"])
    CaseEvent.objects.create(
        case=disclosure.case,
        kind=CaseEvent.Kind.DISCLOSURE,
        actor=actor,
        context={"disclosure": disclosure.pk, "status": disclosure.status},
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=disclosure,
        context={"status": disclosure.status},
    )
    if disclosure.requested_by_id:
        notify(disclosure.case, [disclosure.requested_by_id])
    return disclosure


@transaction.atomic
def disclosure_carry_out(
    *, actor: User, disclosure: IdentityDisclosure, private_key: bytes
) -> IdentityDisclosure:
    """After approval, a coordinator who holds the request's key wraps it for the lawyer: the
    lawyer then reads what the requester wrote, their identity and the messages."""
    from qorgau.helpdesk.intake import request_grant_access

    if disclosure.status != IdentityDisclosure.Status.APPROVED:
        raise ValueError("the identity is shared only after a custodian's approval")
    case = disclosure.case
    help_request = case.help_request
    if help_request is None:
        raise ValueError("the request of this case is gone")
    request_grant_access(
        help_request=help_request, by=actor, to=disclosure.lawyer, by_private_key=private_key
    )
    disclosure.status = IdentityDisclosure.Status.DONE
    disclosure.carried_out_at = timezone.now()
    disclosure.save(update_fields=["status", "carried_out_at"])
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.DISCLOSURE,
        actor=actor,
        context={"disclosure": disclosure.pk, "status": disclosure.status},
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=disclosure,
        context={"status": disclosure.status, "lawyer": disclosure.lawyer_id},
    )
    notify(case, [disclosure.lawyer_id])
    return disclosure
