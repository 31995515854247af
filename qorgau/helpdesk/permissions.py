"""Who may see and do what in triage and cases.

Coordinators see every request and case; a lawyer only the cases they accepted (and the offers
made to them); an observer reads cases and changes nothing; for everyone else a case does not
exist: `access_case` raises Http404, never 403, so nobody learns that a number is taken.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from qorgau.accounts.models import Role
from qorgau.core.permissions import has_role

if TYPE_CHECKING:
    from qorgau.helpdesk.models import Case, CaseOffer


def can_triage(user: Any) -> bool:
    """Coordinators (and administrators, who hold every role) run the queue and triage."""
    return has_role(user, Role.COORDINATOR)


def is_case_observer(user: Any) -> bool:
    return has_role(user, Role.OBSERVER) and not can_triage(user)


def can_view_case(user: Any, case: Case) -> bool:
    if has_role(user, Role.COORDINATOR, Role.OBSERVER):
        return True
    return (
        has_role(user, Role.LAWYER)
        and case.lawyer_id is not None
        and case.lawyer_id == user.pk
        and case.accepted_at is not None
    )


def can_edit_case(user: Any, case: Case) -> bool:
    if case.is_shredded:
        return False
    if can_triage(user):
        return True
    return can_view_case(user, case) and has_role(user, Role.LAWYER) and case.lawyer_id == user.pk


def can_list_cases(user: Any) -> bool:
    return has_role(user, Role.COORDINATOR, Role.OBSERVER, Role.LAWYER)


def can_decide_disclosures(user: Any) -> bool:
    """Identity custodians approve or refuse revealing a requester's identity to a lawyer."""
    return has_role(user, Role.CUSTODIAN)


def access_case(user: Any, case_id: int, *, edit: bool = False) -> Case:
    """The case, if `user` may see it (and change it, with `edit`); else Http404 for someone who
    may not know it exists, PermissionDenied for an observer who tries to change it."""
    from qorgau.helpdesk.models import Case

    case = Case.objects.select_related("region", "lawyer").filter(pk=case_id).first()
    if case is None or not can_view_case(user, case):
        raise Http404
    if edit and not can_edit_case(user, case):
        raise PermissionDenied
    return case


def access_offer(user: Any, offer_id: int) -> CaseOffer:
    """An offer, for the lawyer it was made to or a coordinator; Http404 for anyone else."""
    from qorgau.helpdesk.models import CaseOffer

    offer = CaseOffer.objects.select_related("case", "lawyer").filter(pk=offer_id).first()
    if offer is None:
        raise Http404
    if can_triage(user):
        return offer
    if has_role(user, Role.LAWYER) and offer.lawyer_id == user.pk:
        return offer
    raise Http404
