"""Messages with the requester from a case: the request's conversation key, sealed with the case
key, lets the people of the case (its lawyer, coordinators, observers) read the conversation and
its lawyer write in it, without the request's data key, which also opens the requester's identity
and everything they filed. The request side (the requester, the coordinator's request page) is
in `intake`; see docs/helpdesk.md, "Messages with the requester".
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest

from qorgau.accounts.models import User
from qorgau.core.crypto import DecryptionFailed, seal, unseal
from qorgau.core.models import AuditEvent
from qorgau.core.services import audit_record
from qorgau.helpdesk.cases import case_read, notify_message
from qorgau.helpdesk.intake import ShownMessage, message_key_for, message_store, messages_read
from qorgau.helpdesk.models import Case, CaseEvent, HelpRequest, RequestMessage


class NoConversationKeyError(Exception):
    """The case does not hold the conversation's key yet: a coordinator who holds the request's
    key shares it by opening the case or the request."""


def case_message_key(case: Case, case_data_key: bytes) -> bytes | None:
    """The conversation's key through the case key; None when the case has none yet. Raises
    DecryptionFailed for a wrong case key or an altered value."""
    if not case.message_key_sealed:
        return None
    return unseal(case_data_key, bytes(case.message_key_sealed), aad=case.message_key_aad)


def case_message_key_share(
    *, actor: User, case: Case, case_data_key: bytes, request_data_key: bytes
) -> bool:
    """Seal the request's conversation key with the case key, when the case has none yet (at
    opening, or for a case opened before conversations had their own key). Only someone holding
    both keys can: a coordinator. True when it was shared now."""
    help_request = case.help_request
    if help_request is None or case.message_key_sealed or case.is_shredded:
        return False
    message_key = message_key_for(help_request=help_request, data_key=request_data_key)
    sealed = seal(case_data_key, message_key, aad=case.message_key_aad)
    with transaction.atomic():
        if not Case.objects.filter(pk=case.pk, message_key_sealed=b"").update(
            message_key_sealed=sealed
        ):
            case.refresh_from_db(fields=["message_key_sealed"])
            return False  # someone else shared it a moment ago
        case.message_key_sealed = sealed
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=case,
            context={"conversation key": "sealed with the case key"},
        )
    return True


def case_conversation_catch_up(
    request: HttpRequest,
    case: Case,
    *,
    request_data_key: bytes | None = None,
    case_data_key: bytes | None = None,
) -> None:
    """A coordinator who opens the request or the case holds both keys: a case without the
    conversation key (opened before conversations had their own) gets it now."""
    from qorgau.helpdesk.cases import case_key
    from qorgau.helpdesk.permissions import can_triage
    from qorgau.helpdesk.triage import request_key

    help_request = case.help_request
    if case.message_key_sealed or help_request is None or case.is_shredded:
        return
    if not can_triage(request.user) or help_request.status == HelpRequest.Status.EXPIRED:
        return
    request_data_key = request_data_key or request_key(request, help_request)
    case_data_key = case_data_key or case_key(request, case)
    if request_data_key is None or case_data_key is None:
        return
    try:
        case_message_key_share(
            actor=request.user,  # type: ignore[arg-type]
            case=case,
            case_data_key=case_data_key,
            request_data_key=request_data_key,
        )
    except DecryptionFailed:
        return  # an altered request: its page says so; nothing is shared


def case_messages(
    *,
    actor: Any,
    case: Case,
    case_data_key: bytes,
    request_data_key: bytes | None = None,
) -> list[ShownMessage] | None:
    """The conversation as the case shows it (each read in the audit log); None when the case
    holds no conversation key yet and the reader has no other way in. Messages from before the
    conversation had its own key open only with the request's key (coordinators)."""
    help_request = case.help_request
    if help_request is None:
        return None
    try:
        message_key = case_message_key(case, case_data_key)
    except DecryptionFailed:
        message_key = None
    if message_key is None and request_data_key is None:
        return None
    shown = messages_read(
        help_request=help_request, data_key=request_data_key, message_key=message_key
    )
    case_read(actor=actor, case=case, what="messages with the requester")
    return shown


def can_write(case: Case) -> bool:
    """A case writes to its requester while both are open and it holds the conversation key."""
    help_request = case.help_request
    return (
        help_request is not None
        and help_request.status != HelpRequest.Status.EXPIRED
        and not case.is_shredded
        and not case.is_closed
        and bool(case.message_key_sealed)
    )


def case_message_send(
    *, actor: User, case: Case, case_data_key: bytes, body: str
) -> RequestMessage:
    """A message to the requester from the case page, sealed with the conversation's key. The
    requester reads it on their status page (no mail: they are anonymous); the case records an
    event (no content) and the audit log the writing."""
    help_request = case.help_request
    if help_request is None:
        raise ValueError("this case did not come from a request")
    if not body.strip():
        raise ValueError("a message needs text")
    if not can_write(case):
        if help_request.status != HelpRequest.Status.EXPIRED and not case.message_key_sealed:
            raise NoConversationKeyError
        raise ValueError("the conversation is closed")
    message_key = case_message_key(case, case_data_key)
    if message_key is None:
        raise NoConversationKeyError
    with transaction.atomic():
        message = message_store(
            help_request=help_request,
            message_key=message_key,
            body=body.strip(),
            author=actor,
            from_lawyer=case.lawyer_id == actor.pk,
        )
        CaseEvent.objects.create(
            case=case, kind=CaseEvent.Kind.MESSAGE, actor=actor, context={"message": message.pk}
        )
        audit_record(
            actor=actor, action=AuditEvent.Action.CREATE, obj=message, context={"case": case.pk}
        )
        notify_message(case, actor=actor)
    return message
