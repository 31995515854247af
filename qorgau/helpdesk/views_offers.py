"""Matching a case to a lawyer and offering it: the candidates, the offer with its redacted
summary, and the lawyer's answer."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qorgau.core.permissions import AuthedRequest
from qorgau.helpdesk import cases as services
from qorgau.helpdesk import matching, queries
from qorgau.helpdesk import offers as offer_services
from qorgau.helpdesk.forms_cases import DeclineForm, OfferForm
from qorgau.helpdesk.permissions import access_case, access_offer, can_list_cases, can_triage
from qorgau.helpdesk.views_common import key_or_message, open_sealed, signed_in_or_404, unlock_url


@signed_in_or_404(can_triage)
@require_http_methods(["GET", "POST"])
def case_match(request: AuthedRequest, pk: int) -> HttpResponse:
    """Candidates for the case, and the offer to one of them with a redacted summary."""
    from qorgau.accounts.models import User

    case = access_case(request.user, pk, edit=True)
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        key = key_or_message(request, case)
        lawyer = User.objects.filter(pk=form.cleaned_data["lawyer"]).first()
        if key is not None and lawyer is not None:
            try:
                offer_services.case_offer(
                    actor=request.user,
                    case=case,
                    lawyer=lawyer,
                    summary=form.cleaned_data["summary"],
                    data_key=key,
                    duty=request.POST.get("duty") == "1",
                )
            except services.NoKeyPairError:
                messages.error(request, _("This lawyer has no encryption key pair yet."))
            except ValueError:
                messages.error(request, _("This case cannot be offered to this lawyer now."))
            else:
                messages.success(request, _("The offer was sent."))
                return redirect("helpdesk:case-detail", pk=case.pk)
    result = matching.candidates_for(case)
    context = {"case": case, "matching": result, "form": form}
    return render(request, "helpdesk/cases/match.html", context)


@signed_in_or_404(can_list_cases)
@require_GET
def offer_list(request: AuthedRequest) -> HttpResponse:
    offers = queries.offers_for(request.user)
    return render(request, "helpdesk/cases/offers.html", {"offers": offers})


@signed_in_or_404(can_list_cases)
@require_http_methods(["GET", "POST"])
def offer_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """The redacted summary for the lawyer, with accept and decline."""
    offer = access_offer(request.user, pk)
    is_lawyer = offer.lawyer_id == request.user.pk
    key = offer_services.offer_key(request, offer)
    decline = DeclineForm(request.POST if request.POST.get("answer") == "decline" else None)
    if request.method == "POST" and is_lawyer:
        try:
            if request.POST.get("answer") == "accept":
                case = offer_services.offer_accept(actor=request.user, offer=offer)
                messages.success(request, _("You took the case. Its file is now open to you."))
                return redirect("helpdesk:case-detail", pk=case.pk)
            if decline.is_valid():
                offer_services.offer_decline(
                    actor=request.user,
                    offer=offer,
                    reason=decline.cleaned_data["reason"],
                    note=decline.cleaned_data["note"],
                    key=key,
                )
                messages.success(request, _("You declined the offer."))
                return redirect("helpdesk:offers")
        except ValueError:
            messages.error(request, _("This offer is no longer open."))
    if is_lawyer:
        offer = offer_services.offer_view(actor=request.user, offer=offer)
    summary = (
        open_sealed(offer.summary_sealed, lambda: offer_services.offer_summary(offer, key))
        if key
        else None
    )
    note = offer_services.offer_decline_note(offer, key) if key and not is_lawyer else ""
    context = {
        "offer": offer,
        "summary": summary,
        "note": note,
        "is_lawyer": is_lawyer,
        "decline": decline,
        "unlock_url": unlock_url(request),
    }
    return render(request, "helpdesk/cases/offer.html", context)


@signed_in_or_404(can_triage)
@require_POST
def offer_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    offer = access_offer(request.user, pk)
    try:
        offer_services.offer_withdraw(actor=request.user, offer=offer)
    except ValueError:
        messages.error(request, _("This offer is no longer open."))
    return redirect("helpdesk:case-detail", pk=offer.case_id)
