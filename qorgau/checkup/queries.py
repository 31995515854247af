"""Reads of saved checks, always through their owner."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from qorgau.accounts.models import User
from qorgau.checkup.models import SavedCheck
from qorgau.checkup.permissions import can_view_saved_check


def saved_checks_of(user: User) -> QuerySet[SavedCheck]:
    return SavedCheck.objects.filter(owner=user)


def access_saved_check(user: User, pk: int) -> SavedCheck:
    """The saved check, or 404 for anyone but its owner (its existence is not revealed)."""
    saved = SavedCheck.objects.filter(pk=pk).first()
    if saved is None or not can_view_saved_check(user, saved):
        raise Http404
    return saved
