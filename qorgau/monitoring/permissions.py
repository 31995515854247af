"""Who may work on the monitoring record: monitors; editors keep the collections and tags
(administrators hold every role)."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from qorgau.accounts.models import Role
from qorgau.core.permissions import has_role
from qorgau.monitoring.models import Incident

MONITOR_ROLES = (Role.MONITOR,)


def can_monitor(user: Any) -> bool:
    """Sees the queue and the whole record, including what is never public."""
    return has_role(user, *MONITOR_ROLES)


def can_edit_topics(user: Any) -> bool:
    """Keeps the topic collections and tags (editors; administrators hold every role)."""
    return has_role(user, Role.EDITOR)


def access_incident(user: Any, pk: int) -> Incident:
    """The incident for a monitor's page, whatever its state (the caller checked the role)."""
    if not can_monitor(user):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    return get_object_or_404(Incident, pk=pk)
