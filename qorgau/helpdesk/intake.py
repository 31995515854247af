"""Intake services: a help request submitted, its content opened with a key, messages and files
added, and access granted to another coordinator.

Every slow or heavy step (Argon2id for the receipt, key wrapping, cleaning and encrypting files)
runs before the database transaction opens, so a burst of submissions never holds SQLite's write
lock while hashing; the transaction only inserts rows. Files are written first and removed again
if the rows are not committed: a request with its files is whole or absent.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from qorgau.accounts.models import Role, User
from qorgau.core.crypto import (
    DecryptionFailed,
    escrow_public_key,
    new_data_key,
    previous_receipt_keys,
    receipt_keys,
    seal,
    seal_text,
    unseal,
    unseal_text,
    unwrap_for_receipt,
    unwrap_with,
    wrap_for,
    wrap_for_receipt,
)
from qorgau.core.models import AuditEvent
from qorgau.core.services import audit_record
from qorgau.helpdesk import receipts
from qorgau.helpdesk.demographics import answer_build
from qorgau.helpdesk.files import PreparedFile, WrittenFiles, encrypted_file_build, file_details
from qorgau.helpdesk.models import (
    EncryptedFile,
    HelpRequest,
    RequestFile,
    RequestKeyGrant,
    RequestMessage,
)


class ReceiptNotFoundError(Exception):
    """No request answers to this code (mistyped, invented, or its request was destroyed)."""


class ReceiptExpiredError(Exception):
    """The request behind this code has expired: its content and keys are gone."""


class DuplicateSubmissionError(Exception):
    """The same form was sent twice; the first one was kept."""


@dataclass
class IntakeContent:
    """What the requester wrote (P2): sealed as one JSON document with the request's data key."""

    description: str
    name: str = ""
    organisation: str = ""
    contact: str = ""
    contact_time: str = ""
    links: str = ""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> IntakeContent:
        known = {name: str(data.get(name, "")) for name in cls.__dataclass_fields__}
        return cls(**known)


@dataclass
class IntakeFacts:
    """What routes the request (P0), stored in the clear."""

    forum: str = HelpRequest.Forum.UNKNOWN
    requester_kind: str = ""
    help_wanted: list[str] = field(default_factory=list)
    region_id: str | None = None
    language: str = ""
    detained: bool = False
    next_hearing: date | None = None
    next_deadline: date | None = None
    has_lawyer: bool | None = None


@dataclass
class Submitted:
    request: HelpRequest
    code: str


def submission_digest(token: str) -> str:
    """A keyed hash of the form's one-time token (the token alone proves nothing to anyone)."""
    key = hashlib.sha256(b"qorgau.helpdesk.submission" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


def coordinators_with_keys() -> QuerySet[User]:
    return (
        User.objects.filter(
            is_active=True, role_assignments__role=Role.COORDINATOR, keypair__isnull=False
        )
        .select_related("keypair")
        .distinct()
    )


def _store_files(
    *, help_request: HelpRequest, rows: list[EncryptedFile], from_requester: bool
) -> None:
    for row in rows:
        row.save()
        RequestFile.objects.create(request=help_request, file=row, from_requester=from_requester)


def request_submit(
    *,
    facts: IntakeFacts,
    content: IntakeContent,
    files: list[PreparedFile],
    submission_token: str,
    base_url: str = "",
    demographics: dict[str, str] | None = None,
) -> Submitted:
    """File a help request from the public form and return it with its receipt code (the only
    time the code exists in the clear). Raises DuplicateSubmissionError for a form sent twice.
    `demographics`, when answered and a reporting key is set, is stored apart (P3, unlinked)."""
    data_key = new_data_key()
    code = receipts.new_code()
    receipt = receipt_keys(code)  # the one slow step: the lookup hash and the receipt's key
    wraps = [
        RequestKeyGrant(
            kind=RequestKeyGrant.Kind.RECEIPT,
            wrapped_key=wrap_for_receipt(receipt, data_key, context=receipts.RECEIPT_CONTEXT),
        )
    ]
    for person in coordinators_with_keys():
        wraps.append(
            RequestKeyGrant(
                kind=RequestKeyGrant.Kind.USER,
                user=person,
                wrapped_key=wrap_for(bytes(person.keypair.public_key), data_key),
            )
        )
    escrow = escrow_public_key()
    if escrow is not None:
        wraps.append(
            RequestKeyGrant(
                kind=RequestKeyGrant.Kind.ESCROW, wrapped_key=wrap_for(escrow, data_key)
            )
        )
    help_request = HelpRequest(
        forum=facts.forum or HelpRequest.Forum.UNKNOWN,
        requester_kind=facts.requester_kind,
        help_wanted=list(facts.help_wanted),
        region_id=facts.region_id or None,
        language=facts.language,
        detained=facts.detained,
        next_hearing=facts.next_hearing,
        next_deadline=facts.next_deadline,
        has_lawyer=facts.has_lawyer,
        receipt_lookup=receipt.lookup,
        submission=submission_digest(submission_token),
    )
    help_request.sealed = seal(data_key, json.dumps(asdict(content)).encode(), aad=help_request.aad)
    answers = answer_build(demographics or {}, month=help_request.received_on)
    written = WrittenFiles()
    try:
        rows = [encrypted_file_build(data_key, prepared, written) for prepared in files]
        with transaction.atomic():
            help_request.save()
            if answers is not None:  # in the same transaction, but tied to nothing
                answers.save(force_insert=True)
            for grant in wraps:
                grant.request = help_request
            RequestKeyGrant.objects.bulk_create(wraps)
            _store_files(help_request=help_request, rows=rows, from_requester=True)
            # No audit event and no id in the task queue: both carry an exact time, which
            # would undo the day precision of `received_on` (docs/helpdesk.md).
            transaction.on_commit(lambda: notify_intake.enqueue(kind="new", base_url=base_url))
    except IntegrityError as error:
        written.discard()
        if HelpRequest.objects.filter(submission=help_request.submission).exists():
            raise DuplicateSubmissionError from error
        raise
    except BaseException:
        written.discard()
        raise
    return Submitted(request=help_request, code=code)


def request_content(*, help_request: HelpRequest, data_key: bytes) -> IntakeContent:
    """Raises DecryptionFailed when the key is wrong or the content was altered."""
    data = json.loads(unseal(data_key, bytes(help_request.sealed), aad=help_request.aad))
    return IntakeContent.from_json(data)


# --- Opening the data key.


def data_key_for_receipt(code: str) -> tuple[HelpRequest, bytes]:
    """The request and its data key for a receipt code typed by the requester."""
    canonical = receipts.normalise(code)
    if canonical is None:
        raise ReceiptNotFoundError
    receipt = receipt_keys(canonical)
    receipts.check_code_tries(receipt.lookup)
    # Requests filed before one derivation served both are found under the older hash.
    help_request = HelpRequest.objects.filter(
        receipt_lookup__in=[receipt.lookup, receipt.old_lookup]
    ).first()
    if help_request is None:
        # Filed before the server key was rotated: every previous key is tried on every miss,
        # so that a miss costs the same whatever the code (docs/security.md).
        filed_under = {
            lookup: older
            for older in previous_receipt_keys(canonical)
            for lookup in (older.lookup, older.old_lookup)
        }
        help_request = HelpRequest.objects.filter(receipt_lookup__in=list(filed_under)).first()
        if help_request is None:
            raise ReceiptNotFoundError
        receipt = filed_under[help_request.receipt_lookup]
    grant = help_request.grants.filter(kind=RequestKeyGrant.Kind.RECEIPT).first()
    if help_request.status == HelpRequest.Status.EXPIRED or grant is None:
        raise ReceiptExpiredError
    try:
        data_key = unwrap_for_receipt(
            canonical, receipt, bytes(grant.wrapped_key), context=receipts.RECEIPT_CONTEXT
        )
    except DecryptionFailed:
        raise ReceiptNotFoundError from None
    return help_request, data_key


def grant_of(help_request: HelpRequest, user: User) -> RequestKeyGrant | None:
    return help_request.grants.filter(kind=RequestKeyGrant.Kind.USER, user=user).first()


def data_key_for_user(*, help_request: HelpRequest, user: User, private_key: bytes) -> bytes | None:
    """The data key through the user's grant; None without one. Raises DecryptionFailed when the
    grant does not open with this private key (a key pair replaced after a password reset)."""
    grant = grant_of(help_request, user)
    if grant is None:
        return None
    return unwrap_with(private_key, bytes(grant.wrapped_key))


@transaction.atomic
def request_grant_access(
    *, help_request: HelpRequest, by: User, to: User, by_private_key: bytes
) -> RequestKeyGrant:
    """Give another coordinator (one who joined later, or re-created their keys) access: the
    data key is unwrapped with the granting coordinator's key and wrapped for the other's."""
    from qorgau.accounts.keys import public_key_of

    public_key = public_key_of(to)
    if public_key is None:
        raise ValueError("the person has no key pair yet")
    data_key = data_key_for_user(help_request=help_request, user=by, private_key=by_private_key)
    if data_key is None:
        raise PermissionError("the granting person has no access themselves")
    RequestKeyGrant.objects.filter(
        request=help_request, kind=RequestKeyGrant.Kind.USER, user=to
    ).delete()
    grant = RequestKeyGrant.objects.create(
        request=help_request,
        kind=RequestKeyGrant.Kind.USER,
        user=to,
        wrapped_key=wrap_for(public_key, data_key),
        granted_by=by,
    )
    audit_record(
        actor=by,
        action=AuditEvent.Action.UPDATE,
        obj=help_request,
        context={"granted access to": to.email},
    )
    return grant


# --- Messages and files after submission.
#
# The conversation has its own random key, sealed with the data key (so the requester and the
# coordinators open it) and, once a case exists, with the case key (so the case's lawyers read
# and write without the data key, which also opens the requester's identity and intake).
# Messages written before the key existed stay sealed with the data key, for coordinators only:
# the requester wrote them when only coordinators read. Files stay under the data key: they are
# part of what the requester handed in and may name them; a coordinator adds a cleaned copy to
# the case's documents when the lawyer needs one (docs/helpdesk.md, "Messages with the requester").


def message_key_open(*, help_request: HelpRequest, data_key: bytes) -> bytes | None:
    """The conversation's key if the request has one yet. Raises DecryptionFailed for a wrong
    data key or an altered value."""
    if not help_request.message_key_sealed:
        # Another request or process may have made it since this row was read.
        help_request.refresh_from_db(fields=["message_key_sealed"])
    if not help_request.message_key_sealed:
        return None
    return unseal(
        data_key, bytes(help_request.message_key_sealed), aad=help_request.message_key_aad
    )


def message_key_for(*, help_request: HelpRequest, data_key: bytes) -> bytes:
    """The conversation's key, made now when the request has none yet (requests filed before
    conversations had their own key). Raises DecryptionFailed for a wrong data key."""
    existing = message_key_open(help_request=help_request, data_key=data_key)
    if existing is not None:
        return existing
    # The key must really be this request's: a wrong one would seal a key nobody can open.
    request_content(help_request=help_request, data_key=data_key)
    sealed = seal(data_key, new_data_key(), aad=help_request.message_key_aad)
    # Two first readers at once: the first write wins, and both use what was stored.
    HelpRequest.objects.filter(pk=help_request.pk, message_key_sealed=b"").update(
        message_key_sealed=sealed
    )
    help_request.refresh_from_db(fields=["message_key_sealed"])
    found = message_key_open(help_request=help_request, data_key=data_key)
    if found is None:  # pragma: no cover - the row was just written
        raise DecryptionFailed("the conversation key was not stored")
    return found


@dataclass
class ShownMessage:
    message: RequestMessage
    body: str | None  # None: it could not be decrypted (altered, or `locked`), shown as such
    locked: bool = False  # sealed with the data key, which this reader does not hold


def messages_read(
    *, help_request: HelpRequest, data_key: bytes | None = None, message_key: bytes | None = None
) -> list[ShownMessage]:
    """The conversation, each message opened with the key that sealed it: the conversation's key
    (given, or opened with the data key) or, for older messages, the data key itself."""
    if message_key is None and data_key is not None:
        try:
            message_key = message_key_open(help_request=help_request, data_key=data_key)
        except DecryptionFailed:
            message_key = None
    shown = []
    for message in help_request.messages.select_related("author"):
        message.request = help_request
        old = message.sealed_with == RequestMessage.SealedWith.DATA_KEY
        key = data_key if old else message_key
        if key is None:
            shown.append(ShownMessage(message=message, body=None, locked=old))
            continue
        try:
            body: str | None = unseal_text(key, bytes(message.body), aad=message.aad)
        except DecryptionFailed:
            body = None
        shown.append(ShownMessage(message=message, body=body))
    return shown


def message_store(
    *,
    help_request: HelpRequest,
    message_key: bytes,
    body: str,
    author: User | None,
    from_lawyer: bool = False,
) -> RequestMessage:
    """Seal one message with the conversation's key and save it (in the caller's transaction);
    the caller records who did what."""
    message = RequestMessage(
        request=help_request,
        direction=(
            RequestMessage.Direction.FROM_REQUESTER
            if author is None
            else RequestMessage.Direction.TO_REQUESTER
        ),
        author=author,
        from_lawyer=from_lawyer,
        sealed_with=RequestMessage.SealedWith.MESSAGE_KEY,
    )
    message.body = seal_text(message_key, body, aad=message.aad)
    message.save()
    HelpRequest.objects.filter(pk=help_request.pk).update(last_activity_on=timezone.localdate())
    return message


def message_send(
    *,
    help_request: HelpRequest,
    data_key: bytes,
    body: str,
    author: User | None = None,
    files: list[PreparedFile] | None = None,
    base_url: str = "",
) -> RequestMessage:
    """A message from the requester (author None) or to them (author: the coordinator), with
    optional files; staff are told (without content) when the requester writes, and so is the
    lawyer of the request's case."""
    from_requester = author is None
    message_key = message_key_for(help_request=help_request, data_key=data_key)
    message = RequestMessage(request=help_request)
    written = WrittenFiles()
    try:
        rows = [encrypted_file_build(data_key, prepared, written) for prepared in files or []]
        with transaction.atomic():
            if body.strip():
                message = message_store(
                    help_request=help_request, message_key=message_key, body=body, author=author
                )
            _store_files(help_request=help_request, rows=rows, from_requester=from_requester)
            HelpRequest.objects.filter(pk=help_request.pk).update(
                last_activity_on=timezone.localdate()
            )
            if from_requester:
                transaction.on_commit(
                    lambda: notify_intake.enqueue(kind="message", base_url=base_url)
                )
                if message.pk:
                    _tell_the_lawyer(help_request, message)
            else:
                audit_record(
                    actor=author,
                    action=AuditEvent.Action.CREATE,
                    obj=message if message.pk else help_request,
                    context={"files": len(rows)} if rows else {},
                )
    except BaseException:
        written.discard()
        raise
    return message


def _tell_the_lawyer(help_request: HelpRequest, message: RequestMessage) -> None:
    """The requester wrote in a case with a lawyer: the lawyer will hear of it (a content-free
    mail). The message is only flagged; the task that mails names no case and no request, for the
    same reason as `notify_intake`."""
    from qorgau.helpdesk.models import Case
    from qorgau.helpdesk.tasks import notify_lawyers

    has_lawyer = Case.objects.filter(
        help_request=help_request,
        lawyer__isnull=False,
        accepted_at__isnull=False,
        shredded_at__isnull=True,
    ).exclude(message_key_sealed=None)
    if has_lawyer.exists():
        RequestMessage.objects.filter(pk=message.pk).update(lawyer_to_be_told=True)
        transaction.on_commit(notify_lawyers.enqueue)


@dataclass
class ShownFile:
    attachment: RequestFile
    details: dict[str, Any] | None  # None: the sealed details were altered


def files_read(*, help_request: HelpRequest, data_key: bytes) -> list[ShownFile]:
    shown = []
    for attachment in help_request.files.select_related("file"):
        try:
            details: dict[str, Any] | None = file_details(data_key, attachment.file)
        except DecryptionFailed:
            details = None
        shown.append(ShownFile(attachment=attachment, details=details))
    return shown


# --- Notifications: no content in the mail, and nothing that ties an exact time to a request.


@task()
def notify_intake(*, kind: str = "new", base_url: str = "") -> None:
    """Tell every coordinator that a request arrived ("new") or a requester wrote ("message"),
    with a link to the queue and nothing else: mail servers and inboxes are outside our control,
    and neither the mail nor the task's row in the queue names the request (both are timed to
    the second; the request itself keeps only the day)."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.utils import translation

    site = str(getattr(settings, "HELPDESK_SITE_URL", "") or base_url).rstrip("/")
    people = User.objects.filter(is_active=True, role_assignments__role=Role.COORDINATOR)
    for person in people.distinct():
        with translation.override(person.preferred_language):
            context = {"user": person, "link": site + reverse("helpdesk:queue"), "kind": kind}
            subject = render_to_string("helpdesk/request/email/new_subject.txt", context).strip()
            body = render_to_string("helpdesk/request/email/new.txt", context)
        send_mail(subject, body, None, [person.email])
