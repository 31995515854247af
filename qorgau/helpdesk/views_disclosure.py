"""Revealing a requester's identity to a lawyer: the custodians' page of requests, and the two
case actions (ask, carry out an approved request) dispatched by `views_cases.case_act`."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from qorgau.core.permissions import AuthedRequest
from qorgau.helpdesk import disclosure as disclosure_services
from qorgau.helpdesk.models import Case
from qorgau.helpdesk.permissions import can_decide_disclosures
from qorgau.helpdesk.views_common import signed_in_or_404, unlock_url


@signed_in_or_404(can_decide_disclosures)
@require_http_methods(["GET", "POST"])
def disclosure_list(request: AuthedRequest) -> HttpResponse:
    """Requests to reveal a requester's identity to a lawyer, with the stated reason, for an
    identity custodian to approve or refuse. The custodian sees the case's number and type, the
    lawyer and the reason: nothing of the case's content."""
    from qorgau.helpdesk.models import IdentityDisclosure

    if request.method == "POST":
        disclosure = get_object_or_404(IdentityDisclosure, pk=request.POST.get("disclosure") or 0)
        try:
            disclosure_services.disclosure_decide(
                actor=request.user,
                disclosure=disclosure,
                approve=request.POST.get("approve") == "1",
            )
        except (ValueError, PermissionError):
            messages.error(request, _("You cannot decide this request."))
        else:
            messages.success(request, _("The decision is recorded."))
        return redirect("helpdesk:disclosures")
    disclosures = IdentityDisclosure.objects.select_related(
        "case", "lawyer", "requested_by", "decided_by"
    )[:100]
    shown = [(d, disclosure_services.disclosure_reason(request, d)) for d in disclosures]
    context = {"disclosures": shown, "unlock_url": unlock_url(request)}
    return render(request, "helpdesk/cases/disclosures.html", context)


def act_disclose(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    reason = request.POST.get("reason", "").strip()
    if not reason:
        messages.error(request, _("Say why the lawyer needs to know who the requester is."))
        return False
    disclosure_services.disclosure_request(actor=request.user, case=case, reason=reason)
    return True


def act_disclose_do(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    from qorgau.accounts.keys import private_key_for
    from qorgau.helpdesk.models import IdentityDisclosure

    disclosure = get_object_or_404(
        IdentityDisclosure, pk=request.POST.get("disclosure") or 0, case=case
    )
    private_key = private_key_for(request)
    if private_key is None:
        messages.error(request, _("Unlock your keys first."))
        return False
    disclosure_services.disclosure_carry_out(
        actor=request.user, disclosure=disclosure, private_key=private_key
    )
    return True
