"""Writes of the check-up: a signed-in person saves a check, or deletes one they saved."""

from __future__ import annotations

from django.db import transaction

from qorgau.accounts.models import User
from qorgau.checkup.engine import Report
from qorgau.checkup.models import SavedCheck
from qorgau.core.services import audit_record


@transaction.atomic
def saved_check_create(
    *, owner: User, title: str, text: str, report: Report, ai_assisted: bool
) -> SavedCheck:
    """Seal and store the draft and its report. The audit event names the row, not its content."""
    saved = SavedCheck(owner=owner, risk=report.risk)
    saved.seal(title=title.strip(), text=text, report=report.as_dict(), ai_assisted=ai_assisted)
    saved.save()
    audit_record(actor=owner, action="checkup.save", obj=saved)
    return saved


@transaction.atomic
def saved_check_delete(*, actor: User, saved: SavedCheck) -> None:
    pk = saved.pk
    saved.delete()
    audit_record(
        actor=actor, action="checkup.delete", object_type="checkup.savedcheck", object_id=pk
    )
