"""Who may see a saved check: its owner, and nobody else (not even an administrator)."""

from __future__ import annotations

from typing import Any

from qorgau.checkup.models import SavedCheck


def can_save_checks(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_view_saved_check(user: Any, saved: SavedCheck) -> bool:
    return can_save_checks(user) and saved.owner_id == user.pk
