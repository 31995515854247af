"""Retention: requests nobody took on, requests accepted but never made a case, and closed cases
are crypto-shredded after their period; encrypted files no row refers to are removed.

Expiry destroys every wrapped copy of the data key (staff, escrow, receipt), the encrypted files
on disk, the sealed content and the P1 names; it keeps the P0 row and the events, so the
statistics still count what happened. Periods come from settings:
HELPDESK_REQUEST_RETENTION_DAYS (unanswered or declined requests, counted from their last
activity), HELPDESK_ACCEPTED_RETENTION_DAYS (accepted requests no case was opened for, from their
last activity), HELPDESK_CASE_RETENTION_DAYS (counted from closing), HELPDESK_EXPIRY_WARNING_DAYS
(coordinators are warned that many days before a request expires).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from qorgau.core.models import AuditEvent
from qorgau.core.services import audit_record
from qorgau.helpdesk.models import (
    Case,
    CaseEvent,
    CaseKeyGrant,
    ConflictCheck,
    EncryptedFile,
    HelpRequest,
    RequestKeyGrant,
    TriageAssessment,
)
from qorgau.helpdesk.models.files import FILES_FOLDER

logger = logging.getLogger(__name__)

# Requests that wait on nobody but us (unanswered) or that we turned down.
EXPIRING_STATUSES = (
    HelpRequest.Status.RECEIVED,
    HelpRequest.Status.TRIAGE,
    HelpRequest.Status.NEED_INFO,
    HelpRequest.Status.DECLINED,
    HelpRequest.Status.REFERRED,
    HelpRequest.Status.ADVICE,
)


def request_days() -> int:
    return int(getattr(settings, "HELPDESK_REQUEST_RETENTION_DAYS", 90))


def accepted_days() -> int:
    return int(getattr(settings, "HELPDESK_ACCEPTED_RETENTION_DAYS", 180))


def case_days() -> int:
    return int(getattr(settings, "HELPDESK_CASE_RETENTION_DAYS", 5 * 365))


def warning_days() -> int:
    return int(getattr(settings, "HELPDESK_EXPIRY_WARNING_DAYS", 7))


def requests_expiring(today: dt.date, *, within: int = 0) -> QuerySet[HelpRequest]:
    """Requests whose period ends on or before `today + within` (none that became a case): an
    accepted request that no case came of is treated like an unanswered one, on its own period."""
    unanswered_until = today - dt.timedelta(days=request_days() - within)
    accepted_until = today - dt.timedelta(days=accepted_days() - within)
    return HelpRequest.objects.filter(
        Q(status__in=EXPIRING_STATUSES, last_activity_on__lte=unanswered_until)
        | Q(status=HelpRequest.Status.ACCEPTED, last_activity_on__lte=accepted_until),
        case__isnull=True,
    )


def cases_expiring(now: dt.datetime) -> QuerySet[Case]:
    return Case.objects.filter(
        closed_at__lte=now - dt.timedelta(days=case_days()), shredded_at__isnull=True
    )


def _remove_files(rows: list[EncryptedFile]) -> None:
    paths: list[Path] = []
    for row in rows:
        paths.append(row.path())
        if row.cleaned_name:
            paths.append(row.path(cleaned=True))
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            logger.warning("could not remove an expired encrypted file")


@transaction.atomic
def request_expire(*, help_request: HelpRequest, actor: object = None) -> None:
    """Destroy a request's keys, content and files; keep its P0 row (status EXPIRED)."""
    RequestKeyGrant.objects.filter(request=help_request).delete()
    files = [attachment.file for attachment in help_request.files.select_related("file")]
    help_request.files.all().delete()
    EncryptedFile.objects.filter(pk__in=[f.pk for f in files]).delete()
    help_request.messages.all().delete()
    TriageAssessment.objects.filter(help_request=help_request).update(
        reasoning_sealed=b"", reason_sealed=b""
    )
    ConflictCheck.objects.filter(help_request=help_request).update(
        name_sealed=b"", reason_sealed=b""
    )
    help_request.sealed = b""
    help_request.message_key_sealed = b""  # the conversation key, sealed with the data key
    help_request.status = HelpRequest.Status.EXPIRED
    help_request.save(update_fields=["sealed", "message_key_sealed", "status"])
    transaction.on_commit(lambda: _remove_files(files))
    audit_record(
        actor=actor, action=AuditEvent.Action.DELETE, obj=help_request, context={"expired": 1}
    )


@transaction.atomic
def case_expire(*, case: Case, actor: object = None) -> None:
    """Crypto-shred a closed case: keys, escrow copy, sealed content, files and party names go;
    the P0 facts (type, forum, stage, outcome, impact, dates) and the events stay."""
    CaseKeyGrant.objects.filter(case=case).delete()
    files: list[EncryptedFile] = []
    for document in case.documents.prefetch_related("versions__file"):
        files += [version.file for version in document.versions.all()]
    for referral in case.referrals.prefetch_related("files"):
        files += list(referral.files.all())
    case.referrals.all().delete()
    case.documents.all().delete()  # versions go with them
    EncryptedFile.objects.filter(pk__in=[f.pk for f in files]).delete()
    case.notes.all().delete()
    case.tasks.all().delete()
    case.proceedings.update(external_number_sealed=b"", judge=None)
    case.parties.all().delete()  # their P1 names and blind-index rows
    case.conflicts.all().delete()
    case.hearings.update(result_sealed=b"", place="")
    case.expenses.update(description_sealed=b"")
    case.offers.update(
        summary_sealed=b"", key_for_lawyer=b"", key_for_coordinator=b"", decline_note_sealed=b""
    )
    case.disclosures.update(reason_sealed=b"", wrapped_keys={})
    case.summary_sealed = b""
    case.escrow_wrapped = b""
    case.message_key_sealed = b""  # the request's conversation key, sealed with the case key
    case.shredded_at = timezone.now()
    case.save(
        update_fields=["summary_sealed", "escrow_wrapped", "message_key_sealed", "shredded_at"]
    )
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.SHREDDED, actor=None)
    transaction.on_commit(lambda: _remove_files(files))
    audit_record(actor=actor, action=AuditEvent.Action.DELETE, obj=case, context={"expired": 1})
    # The request the case came from goes with it: the requester's identity, words and files.
    if case.help_request is not None and case.help_request.status != HelpRequest.Status.EXPIRED:
        request_expire(help_request=case.help_request, actor=actor)


# A file younger than this may belong to an upload whose row is about to be committed.
ORPHAN_FILE_MARGIN = dt.timedelta(hours=1)
_CHUNK = 500


def orphan_files(now: dt.datetime) -> list[Path]:
    """Files in the help desk's folder that no EncryptedFile row names and that are older than
    ORPHAN_FILE_MARGIN: left by a crash between writing a file and committing its row (and
    temporary `.partial-` files of an interrupted write). Encrypted under a key nobody holds,
    they can never be read, only take space."""
    folder = Path(settings.MEDIA_ROOT) / FILES_FOLDER
    cutoff = (now - ORPHAN_FILE_MARGIN).timestamp()
    try:
        with os.scandir(folder) as entries:
            old = {
                f"{FILES_FOLDER}/{entry.name}": Path(entry.path)
                for entry in entries
                if entry.is_file(follow_symlinks=False)
                and entry.stat(follow_symlinks=False).st_mtime < cutoff
            }
    except FileNotFoundError:
        return []
    names = sorted(old)
    for start in range(0, len(names), _CHUNK):
        chunk = names[start : start + _CHUNK]
        for original, cleaned in EncryptedFile.objects.filter(
            Q(original_name__in=chunk) | Q(cleaned_name__in=chunk)
        ).values_list("original_name", "cleaned_name"):
            old.pop(original, None)
            old.pop(cleaned, None)
    return sorted(old.values())


def orphan_files_remove(now: dt.datetime) -> int:
    removed = 0
    for path in orphan_files(now):
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError:
            logger.warning("could not remove an encrypted file no record refers to")
            continue
        removed += 1
    return removed


def retention_run(now: dt.datetime | None = None) -> dict[str, int]:
    """Expire what is due, warn coordinators of requests about to expire (content-free), and
    remove encrypted files no record refers to."""
    from qorgau.helpdesk.tasks import notify_coordinators

    now = now or timezone.now()
    today = timezone.localdate(now)
    requests = list(requests_expiring(today))
    for help_request in requests:
        request_expire(help_request=help_request)
    cases = list(cases_expiring(now))
    for case in cases:
        case_expire(case=case)
    soon = requests_expiring(today, within=warning_days()).count()
    if soon:
        notify_coordinators.enqueue(kind="expiry", count=soon)
    orphans = orphan_files_remove(now)
    return {"requests": len(requests), "cases": len(cases), "warned": soon, "orphans": orphans}
