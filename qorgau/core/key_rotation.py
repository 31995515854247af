"""Rotating the server key (`qorgau keys rotate-server-key`, docs/security.md): every P1 field
sealed again under the current key and every blind-index row recomputed, in batches, each batch
in its own transaction. What is already current is left alone, so a second run changes nothing
and an interrupted run can simply be started again.

Receipts cannot be rotated (the server never keeps the codes): they keep opening through
QORGAU_SERVER_KEY_PREVIOUS until every request filed before the rotation has expired.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone

from qorgau.core import crypto
from qorgau.core.models import AuditEvent
from qorgau.core.services import audit_record

AUDIT_TYPE = "core.server_key"


@dataclass(frozen=True)
class P1Field:
    """A field sealed with `server_seal`: the model, the field and the purpose it is sealed for."""

    model: str
    field: str
    purpose: str

    @property
    def label(self) -> str:
        return f"{self.model}.{self.field}"


# Every P1 field of the platform. A new one must be added here, or a rotation leaves it under a
# key that will be removed (core/tests/test_key_rotation.py checks the purposes read in code).
P1_FIELDS: tuple[P1Field, ...] = (
    P1Field("helpdesk.Party", "name_sealed", "helpdesk.party"),
    P1Field("helpdesk.ConflictCheck", "name_sealed", "helpdesk.conflict"),
    P1Field("helpdesk.Proceeding", "external_number_sealed", "helpdesk.case_number"),
)


@dataclass
class FieldCount:
    resealed: int = 0
    current: int = 0
    unreadable: int = 0


@dataclass
class RotationReport:
    """What a run did (or, in a dry run, would do)."""

    rotated_on: datetime.date
    fields: dict[str, FieldCount] = field(default_factory=dict)
    parties_reindexed: int = 0
    parties_current: int = 0
    parties_unreadable: int = 0
    index_rows_written: int = 0
    requests_waiting: int = 0
    requests_waiting_in_cases: int = 0

    @property
    def unreadable(self) -> int:
        return self.parties_unreadable + sum(c.unreadable for c in self.fields.values())


class RotationError(Exception):
    """The keys are not configured for a rotation (no previous key, or the same key twice)."""


def _check_keys() -> None:
    previous = crypto._previous_server_keys()
    if not previous:
        raise RotationError(
            "QORGAU_SERVER_KEY_PREVIOUS is empty: configure the new key as QORGAU_SERVER_KEY and "
            "the old one as QORGAU_SERVER_KEY_PREVIOUS first"
        )
    if crypto._current_server_key() in previous:
        raise RotationError("QORGAU_SERVER_KEY_PREVIOUS holds the current server key")


def _in_batches(
    queryset: models.QuerySet[Any],
    handle: Callable[[list[Any]], None],
    *,
    batch_size: int,
    dry_run: bool,
) -> None:
    """Hand the rows to `handle` in primary-key order, a batch at a time, each batch in its own
    transaction (its rows locked where the database can)."""
    last = 0
    while True:
        with transaction.atomic():
            rows = queryset.filter(pk__gt=last).order_by("pk")
            batch = list((rows if dry_run else rows.select_for_update())[:batch_size])
            if not batch:
                return
            handle(batch)
        last = batch[-1].pk


def _reseal(p1: P1Field, *, batch_size: int, dry_run: bool) -> FieldCount:
    model = apps.get_model(p1.model)
    count = FieldCount()

    def handle(batch: list[Any]) -> None:
        changed = []
        for row in batch:
            token = bytes(getattr(row, p1.field) or b"")
            if not token:
                continue  # blanked when its request or case expired
            try:
                _plaintext, resealed = crypto.server_reseal(token, purpose=p1.purpose)
            except crypto.DecryptionFailed:
                count.unreadable += 1
                continue
            if resealed is None:
                count.current += 1
                continue
            setattr(row, p1.field, resealed)
            changed.append(row)
        count.resealed += len(changed)
        if changed and not dry_run:
            model.objects.bulk_update(changed, [p1.field])

    rows = model.objects.only("pk", p1.field)
    _in_batches(rows, handle, batch_size=batch_size, dry_run=dry_run)
    return count


def _reindex_parties(report: RotationReport, *, batch_size: int, dry_run: bool) -> None:
    """Each party's blind-index rows recomputed from its name under the current key; a party
    whose rows already match is left alone."""
    from qorgau.helpdesk.conflicts import PARTY_PURPOSE, name_digests
    from qorgau.helpdesk.models import Party, PartyName

    def handle(batch: list[Party]) -> None:
        stale: list[int] = []
        fresh: list[PartyName] = []
        for party in batch:
            if not party.name_sealed:
                continue
            try:
                name = crypto.server_unseal(bytes(party.name_sealed), purpose=PARTY_PURPOSE)
            except crypto.DecryptionFailed:
                report.parties_unreadable += 1
                continue
            digests = name_digests(name)
            if digests == {row.digest for row in party.name_hashes.all()}:
                report.parties_current += 1
                continue
            stale.append(party.pk)
            fresh += [PartyName(party=party, digest=digest) for digest in sorted(digests)]
        report.parties_reindexed += len(stale)
        report.index_rows_written += len(fresh)
        if stale and not dry_run:
            PartyName.objects.filter(party_id__in=stale).delete()
            PartyName.objects.bulk_create(fresh)

    rows = Party.objects.only("pk", "name_sealed").prefetch_related("name_hashes")
    _in_batches(rows, handle, batch_size=batch_size, dry_run=dry_run)


def _rotation_day(*, dry_run: bool) -> datetime.date:
    """The day the current key's rotation began: its first run, in the audit trail (recorded
    now on a first run). A request received on or before that day has its receipt under a
    previous key; the day is rounded up, so the count errs towards keeping the old key."""
    fingerprint = crypto.server_key_fingerprint()
    first = (
        AuditEvent.objects.filter(object_type=AUDIT_TYPE, object_id=fingerprint)
        .order_by("created_at")
        .first()
    )
    if first is not None:
        return timezone.localdate(first.created_at)
    if not dry_run:
        audit_record(
            actor=None,
            action=AuditEvent.Action.UPDATE,
            object_type=AUDIT_TYPE,
            object_id=fingerprint,
            context={"rotation": "started"},
        )
    return timezone.localdate()


def requests_on_previous_key(rotated_on: datetime.date) -> tuple[int, int]:
    """Requests whose receipt still opens (not expired) and was issued under a previous key, and
    how many of them became cases (their receipts last until the case is shredded)."""
    from qorgau.helpdesk.models import HelpRequest, RequestKeyGrant

    waiting = (
        HelpRequest.objects.filter(
            received_on__lte=rotated_on, grants__kind=RequestKeyGrant.Kind.RECEIPT
        )
        .exclude(status=HelpRequest.Status.EXPIRED)
        .distinct()
    )
    return waiting.count(), waiting.filter(case__isnull=False).count()


def server_key_rotate(*, batch_size: int = 500, dry_run: bool = False) -> RotationReport:
    """Seal every P1 field again under QORGAU_SERVER_KEY and recompute every blind index, with
    QORGAU_SERVER_KEY_PREVIOUS opening what was sealed before. Raises RotationError when the
    keys are not configured for it."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    _check_keys()
    report = RotationReport(rotated_on=_rotation_day(dry_run=dry_run))
    for p1 in P1_FIELDS:
        report.fields[p1.label] = _reseal(p1, batch_size=batch_size, dry_run=dry_run)
    _reindex_parties(report, batch_size=batch_size, dry_run=dry_run)
    report.requests_waiting, report.requests_waiting_in_cases = requests_on_previous_key(
        report.rotated_on
    )
    return report
