"""Who may do what in the lawyers' network."""

from __future__ import annotations

from typing import Any

from qorgau.accounts.models import Role
from qorgau.core.permissions import has_role
from qorgau.network.models import LawyerProfile, MembershipApplication


def can_manage_network(user: Any) -> bool:
    """Coordinators (and administrators, who hold every role) run the network."""
    return has_role(user, Role.COORDINATOR)


def is_network_lawyer(user: Any) -> bool:
    """A lawyer with an active profile: a current member of the network."""
    # The lawyer role itself, not the administrator's implicit hold of every role.
    if not has_role(user, Role.LAWYER) or Role.LAWYER not in user.roles:
        return False
    return LawyerProfile.objects.filter(user=user, active=True).exists()


def can_see_network_internals(user: Any) -> bool:
    """The staff side (applications, duty rota) is for lawyers and coordinators."""
    return has_role(user, Role.LAWYER, Role.COORDINATOR)


def can_edit_profile(user: Any, profile: LawyerProfile) -> bool:
    if can_manage_network(user):
        return True
    return has_role(user, Role.LAWYER) and profile.user_id == user.pk


def can_endorse(user: Any, application: MembershipApplication) -> bool:
    return (
        application.is_open
        and is_network_lawyer(user)
        and user.email.lower() != application.email.lower()
    )
