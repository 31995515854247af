"""Referrals to partner organisations: cleaned copies of chosen documents, encrypted again under
a key derived from an access code given to the partner once."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from qorgau.accounts.models import User
from qorgau.core.models import AuditEvent
from qorgau.core.services import audit_record
from qorgau.helpdesk.models import Case, CaseDocumentVersion, CaseEvent, CaseReferral, EncryptedFile

REFERRAL_DAYS = 30


def _referral_key(code: str) -> bytes:
    import hashlib

    return hashlib.blake2b(code.encode(), digest_size=32, person=b"qorgau-referral").digest()


def _referral_hash(code: str) -> str:
    import hashlib

    return hashlib.blake2b(code.encode(), digest_size=32, person=b"qorgau-ref-look").hexdigest()


def shareable(version: CaseDocumentVersion) -> bool:
    """A version can go to a partner when it has a cleaned copy, or needed none."""
    return bool(version.file.cleaned_name) or version.file.cleaning == "not_needed"


@transaction.atomic
def referral_create(
    *,
    actor: User,
    case: Case,
    organisation: Any,
    versions: list[CaseDocumentVersion],
    data_key: bytes,
    days: int = REFERRAL_DAYS,
) -> tuple[CaseReferral, str]:
    """Refer the case to a partner with cleaned copies of the chosen documents, encrypted again
    under a key derived from a new access code. Returns the referral and the code, to be given to
    the partner once (it is not stored; only its hash is)."""
    import hashlib
    import json

    from qorgau.core.crypto import seal
    from qorgau.helpdesk.files import WrittenFiles, file_details, file_read, write_encrypted

    if organisation is None or not organisation.accepts_referrals:
        raise ValueError("choose a partner organisation that takes referrals")
    if any(v.document.case_id != case.pk for v in versions):
        raise ValueError("documents of another case")
    if not all(shareable(v) for v in versions):
        raise ValueError("only cleaned copies are shared")
    code = secrets.token_urlsafe(24)
    key = _referral_key(code)
    written = WrittenFiles()
    try:
        rows = []
        for version in versions:
            source = version.file
            data = file_read(data_key, source, cleaned=bool(source.cleaned_name))
            details = file_details(data_key, source)
            row = EncryptedFile(
                file_type=source.file_type,
                size=len(data),
                original_name=write_encrypted(key, data, written),
                cleaning=EncryptedFile.Cleaning.NOT_NEEDED,
            )
            shared = {
                "name": str(details.get("name") or "document"),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
            row.sealed_details = seal(key, json.dumps(shared).encode(), aad=row.aad)
            row.save()
            rows.append(row)
        referral = CaseReferral.objects.create(
            case=case,
            organisation=organisation,
            code_hash=_referral_hash(code),
            referred_by=actor,
            expires_at=timezone.now() + dt.timedelta(days=days),
        )
        referral.files.set(rows)
        CaseEvent.objects.create(
            case=case,
            kind=CaseEvent.Kind.REFERRAL,
            actor=actor,
            context={"referral": referral.pk, "organisation": organisation.pk, "files": len(rows)},
        )
        audit_record(
            actor=actor,
            action=AuditEvent.Action.EXPORT,
            obj=referral,
            context={"organisation": organisation.pk, "files": len(rows)},
        )
    except BaseException:
        written.discard()
        raise
    return referral, code


def referral_open(code: str) -> tuple[CaseReferral, bytes] | None:
    """The referral an access code opens, and its key; None for a wrong, expired or withdrawn
    code (the partner is told the same in each case)."""
    referral = (
        CaseReferral.objects.select_related("case", "organisation")
        .filter(code_hash=_referral_hash(code.strip()))
        .first()
    )
    if referral is None or not referral.is_open or referral.case.is_shredded:
        return None
    return referral, _referral_key(code.strip())


def referral_opened(referral: CaseReferral, what: str) -> None:
    CaseReferral.objects.filter(pk=referral.pk).update(opened_count=models.F("opened_count") + 1)
    audit_record(actor=None, action=AuditEvent.Action.VIEW, obj=referral, context={"read": what})


@transaction.atomic
def referral_revoke(*, actor: User, referral: CaseReferral) -> None:
    """Withdraw the share: the copies are deleted at once."""
    from qorgau.helpdesk.files import iter_paths

    rows = list(referral.files.all())
    paths = list(iter_paths(rows))
    referral.files.clear()
    EncryptedFile.objects.filter(pk__in=[r.pk for r in rows]).delete()
    referral.revoked_at = timezone.now()
    referral.save(update_fields=["revoked_at"])
    CaseEvent.objects.create(
        case=referral.case,
        kind=CaseEvent.Kind.REFERRAL,
        actor=actor,
        context={"referral": referral.pk, "revoked": True},
    )
    audit_record(actor=actor, action=AuditEvent.Action.DELETE, obj=referral)

    def remove() -> None:
        for path in paths:
            path.unlink(missing_ok=True)

    transaction.on_commit(remove)
