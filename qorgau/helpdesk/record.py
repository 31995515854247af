"""What is recorded in a case as it goes on: proceedings and hearings, tasks, notes, citations,
linked incidents, time and expenses, and documents."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from qorgau.accounts.models import User
from qorgau.core.crypto import seal_text, server_seal, unseal_text
from qorgau.core.models import AuditEvent
from qorgau.core.services import audit_record
from qorgau.helpdesk.cases import notify_activity
from qorgau.helpdesk.conflicts import party_add
from qorgau.helpdesk.models import (
    Case,
    CaseCitation,
    CaseDocument,
    CaseDocumentVersion,
    CaseEvent,
    CaseExpense,
    CaseIncident,
    CaseNote,
    CaseTask,
    Hearing,
    Proceeding,
)

# --- Proceedings and hearings ---------------------------------------------------------------------


@transaction.atomic
def proceeding_add(
    *,
    actor: User,
    case: Case,
    body: str,
    instance: str,
    external_number: str = "",
    judge_name: str = "",
    started_on: dt.date | None = None,
) -> Proceeding:
    """A proceeding; its external number is P1 and its judge becomes a party of the case, so the
    conflict check covers judges too."""
    if instance not in Proceeding.Instance.values or not body.strip():
        raise ValueError("a proceeding needs a court or body and an instance")
    judge = None
    if judge_name.strip():
        judge, _check = party_add(actor=actor, case=case, role="judge", name=judge_name)
    proceeding = Proceeding.objects.create(
        case=case,
        body=body.strip(),
        instance=instance,
        external_number_sealed=(
            server_seal(external_number.strip(), purpose="helpdesk.case_number")
            if external_number.strip()
            else b""
        ),
        judge=judge,
        started_on=started_on,
    )
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.PROCEEDING,
        actor=actor,
        context={"proceeding": proceeding.pk, "instance": instance},
    )
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=proceeding)
    notify_activity(case, actor)
    return proceeding


def _hearing_aad(hearing: Hearing) -> bytes:
    return f"helpdesk.hearing:{hearing.pk}".encode()


@transaction.atomic
def hearing_add(
    *,
    actor: User,
    case: Case,
    starts_at: dt.datetime,
    mode: str = Hearing.Mode.IN_PERSON,
    place: str = "",
    monitoring_requested: bool = False,
    proceeding: Proceeding | None = None,
) -> Hearing:
    if timezone.is_naive(starts_at):
        raise ValueError("a hearing time needs a time zone")
    if mode not in Hearing.Mode.values:
        raise ValueError("unknown hearing mode")
    hearing = Hearing.objects.create(
        case=case,
        proceeding=proceeding,
        starts_at=starts_at,
        mode=mode,
        place=place.strip(),
        monitoring_requested=monitoring_requested,
    )
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.HEARING,
        actor=actor,
        context={
            "hearing": hearing.pk,
            "on": starts_at.date().isoformat(),
            "monitoring": monitoring_requested,
        },
    )
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=hearing)
    notify_activity(case, actor)
    return hearing


@transaction.atomic
def hearing_result(*, actor: User, hearing: Hearing, result: str, data_key: bytes) -> Hearing:
    hearing.result_sealed = seal_text(data_key, result.strip(), aad=_hearing_aad(hearing))
    hearing.save(update_fields=["result_sealed"])
    CaseEvent.objects.create(
        case=hearing.case,
        kind=CaseEvent.Kind.HEARING,
        actor=actor,
        context={"hearing": hearing.pk, "result": True},
    )
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=hearing)
    notify_activity(hearing.case, actor)
    return hearing


def hearing_result_text(hearing: Hearing, data_key: bytes) -> str:
    if not hearing.result_sealed:
        return ""
    return unseal_text(data_key, bytes(hearing.result_sealed), aad=_hearing_aad(hearing))


# --- Tasks, notes, citations, incidents, expenses -------------------------------------------------


def _aad(kind: str, pk: int) -> bytes:
    return f"helpdesk.{kind}:{pk}".encode()


@transaction.atomic
def task_add(
    *,
    actor: User,
    case: Case,
    title: str,
    data_key: bytes,
    assignee: User | None = None,
    due: dt.date | None = None,
) -> CaseTask:
    if not title.strip():
        raise ValueError("a task needs a title")
    task = CaseTask.objects.create(
        case=case, title_sealed=b"", assignee=assignee, due=due, created_by=actor
    )
    task.title_sealed = seal_text(data_key, title.strip(), aad=_aad("task", task.pk))
    task.save(update_fields=["title_sealed"])
    CaseEvent.objects.create(
        case=case, kind=CaseEvent.Kind.TASK, actor=actor, context={"task": task.pk}
    )
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=task)
    notify_activity(case, actor)
    return task


def task_title(task: CaseTask, data_key: bytes) -> str:
    return unseal_text(data_key, bytes(task.title_sealed), aad=_aad("task", task.pk))


@transaction.atomic
def task_done(*, actor: User, task: CaseTask) -> CaseTask:
    if task.done_at is None:
        task.done_at = timezone.now()
        task.save(update_fields=["done_at"])
        CaseEvent.objects.create(
            case=task.case,
            kind=CaseEvent.Kind.TASK,
            actor=actor,
            context={"task": task.pk, "done": True},
        )
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=task, context={"done": 1})
    return task


@transaction.atomic
def note_add(*, actor: User, case: Case, kind: str, body: str, data_key: bytes) -> CaseNote:
    if kind not in CaseNote.Kind.values:
        raise ValueError("unknown kind of note")
    if not body.strip():
        raise ValueError("a note needs text")
    note = CaseNote.objects.create(case=case, kind=kind, body_sealed=b"", author=actor)
    note.body_sealed = seal_text(data_key, body.strip(), aad=_aad("note", note.pk))
    note.save(update_fields=["body_sealed"])
    CaseEvent.objects.create(
        case=case, kind=CaseEvent.Kind.NOTE, actor=actor, context={"note": note.pk, "kind": kind}
    )
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=note, context={"kind": kind})
    notify_activity(case, actor)
    return note


def note_body(note: CaseNote, data_key: bytes) -> str:
    return unseal_text(data_key, bytes(note.body_sealed), aad=_aad("note", note.pk))


@transaction.atomic
def citation_add(*, actor: User, case: Case, key: str) -> CaseCitation:
    """Cite a provision by its library key; a malformed key is refused (CitationError), an unknown
    but well-formed one is kept and shown as plain text."""
    from qorgau.library.citations import parse_key

    key = parse_key(key.strip()).key
    citation, created = CaseCitation.objects.get_or_create(case=case, key=key)
    if created:
        CaseEvent.objects.create(
            case=case, kind=CaseEvent.Kind.CITATION, actor=actor, context={"key": key}
        )
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=citation)
    return citation


@transaction.atomic
def incident_link(*, actor: User, case: Case, incident_id: int) -> CaseIncident:
    if incident_id <= 0:
        raise ValueError("an incident number is a positive number")
    link, created = CaseIncident.objects.get_or_create(case=case, incident_id=incident_id)
    if created:
        CaseEvent.objects.create(
            case=case, kind=CaseEvent.Kind.INCIDENT, actor=actor, context={"incident": incident_id}
        )
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=link)
    return link


@transaction.atomic
def expense_add(
    *,
    actor: User,
    case: Case,
    on: dt.date,
    minutes: int = 0,
    amount: Decimal = Decimal(0),
    description: str = "",
    data_key: bytes,
) -> CaseExpense:
    if minutes < 0 or amount < 0 or (minutes == 0 and amount == 0):
        raise ValueError("time or an amount is needed, and neither can be negative")
    expense = CaseExpense.objects.create(
        case=case, user=actor, on=on, minutes=minutes, amount=amount
    )
    if description.strip():
        expense.description_sealed = seal_text(
            data_key, description.strip(), aad=_aad("expense", expense.pk)
        )
        expense.save(update_fields=["description_sealed"])
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.EXPENSE,
        actor=actor,
        context={"minutes": minutes, "amount": str(amount)},
    )
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=expense)
    return expense


def expense_description(expense: CaseExpense, data_key: bytes) -> str:
    if not expense.description_sealed:
        return ""
    return unseal_text(data_key, bytes(expense.description_sealed), aad=_aad("expense", expense.pk))


# --- Documents ----------------------------------------------------------------------------------


def document_title(document: CaseDocument, data_key: bytes) -> str:
    return unseal_text(data_key, bytes(document.title_sealed), aad=_aad("document", document.pk))


def document_add(
    *,
    actor: User,
    case: Case,
    data_key: bytes,
    title: str,
    name: str,
    data: bytes,
    document: CaseDocument | None = None,
) -> CaseDocumentVersion:
    """A new document, or a new version of one: the original and a cleaned copy, encrypted with
    the case key by the intake's file handling (whole or absent: files written before the rows
    are removed again if the rows are not committed). Raises files.FileRefusedError."""
    from qorgau.helpdesk.files import WrittenFiles, encrypted_file_build, prepare

    prepared = prepare(name, data)
    written = WrittenFiles()
    try:
        row = encrypted_file_build(data_key, prepared, written)
        with transaction.atomic():
            row.save()
            if document is None:
                if not title.strip():
                    raise ValueError("a document needs a title")
                document = CaseDocument.objects.create(
                    case=case, title_sealed=b"", created_by=actor
                )
                document.title_sealed = seal_text(
                    data_key, title.strip(), aad=_aad("document", document.pk)
                )
                document.save(update_fields=["title_sealed"])
            number = (
                document.versions.order_by("-number").values_list("number", flat=True).first() or 0
            ) + 1
            version = CaseDocumentVersion.objects.create(
                document=document, number=number, file=row, added_by=actor
            )
            CaseEvent.objects.create(
                case=case,
                kind=CaseEvent.Kind.DOCUMENT,
                actor=actor,
                context={"document": document.pk, "version": number},
            )
            audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=version)
            notify_activity(case, actor)
    except BaseException:
        written.discard()
        raise
    return version
