"""Triage of one help request: the assessment and its decision, a conflict check on a name, and
opening a case from an accepted request."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from qorgau.core.crypto import DecryptionFailed
from qorgau.core.permissions import AuthedRequest
from qorgau.helpdesk import cases as case_services
from qorgau.helpdesk import conflicts, triage
from qorgau.helpdesk.conversation import case_conversation_catch_up
from qorgau.helpdesk.forms_cases import (
    CaseOpenForm,
    ConflictDecisionForm,
    ConflictNameForm,
    TriageForm,
)
from qorgau.helpdesk.models import Case, ConflictCheck, HelpRequest, TriageAssessment
from qorgau.helpdesk.permissions import can_triage
from qorgau.helpdesk.views_common import signed_in_or_404, unlock_url


def _assessments(
    help_request: HelpRequest, key: bytes | None
) -> list[tuple[TriageAssessment, dict[str, str] | None]]:
    shown = []
    for assessment in help_request.assessments.select_related("assessor", "refer_to"):
        texts = None
        if key is not None:
            try:
                texts = triage.assessment_texts(assessment, key)
            except DecryptionFailed:
                texts = None
        shown.append((assessment, texts))
    return shown


@signed_in_or_404(can_triage)
@require_http_methods(["GET", "POST"])
def triage_request(request: AuthedRequest, pk: int) -> HttpResponse:
    help_request = get_object_or_404(HelpRequest, pk=pk)
    key = triage.request_key(request, help_request)
    form = TriageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if key is None:
            messages.error(
                request,
                _("Your keys are locked or you have no access to this request: unlock them first."),
            )
        else:
            data = form.cleaned_data
            try:
                triage.triage_assess(
                    actor=request.user, help_request=help_request, data_key=key, **data
                )
            except ValueError:
                form.add_error(None, _("This request can no longer be assessed."))
            else:
                messages.success(request, _("The assessment is saved."))
                return redirect("helpdesk:triage", pk=help_request.pk)
    context = {
        "help_request": help_request,
        "form": form,
        "key_open": key is not None,
        "unlock_url": unlock_url(request),
        "assessments": _assessments(help_request, key),
        "conflict_form": ConflictNameForm(),
        "decide_form": ConflictDecisionForm(),
        "checks": help_request.conflict_checks.prefetch_related("matches__case"),
        "case": Case.objects.filter(help_request=help_request).first(),
        "open_form": CaseOpenForm(
            initial={
                "forum": help_request.forum
                if help_request.forum in Case.Forum.values
                else "unknown",
                "region": help_request.region_id,
                "language": help_request.language,
                "detained": help_request.detained,
            }
        ),
    }
    return render(request, "helpdesk/triage/triage.html", context)


@signed_in_or_404(can_triage)
@require_POST
def request_conflict_check(request: AuthedRequest, pk: int) -> HttpResponse:
    """Check a name before any case exists, or decide a possible conflict found earlier (the
    reason is sealed with the request's key)."""
    help_request = get_object_or_404(HelpRequest, pk=pk)
    if request.POST.get("check"):
        decision = ConflictDecisionForm(request.POST)
        check = get_object_or_404(
            ConflictCheck, pk=request.POST.get("check") or 0, help_request=help_request
        )
        key = triage.request_key(request, help_request)
        if not decision.is_valid() or key is None:
            messages.error(request, _("Choose a decision, give a reason, and unlock your keys."))
        else:
            try:
                conflicts.conflict_decide(
                    actor=request.user,
                    check=check,
                    conflict=decision.cleaned_data["conflict"],
                    reason=decision.cleaned_data["reason"],
                    data_key=key,
                )
            except ValueError:
                messages.error(request, _("This check was already decided."))
            else:
                messages.success(request, _("The decision is recorded."))
        return redirect("helpdesk:triage", pk=help_request.pk)
    form = ConflictNameForm(request.POST)
    if form.is_valid():
        check = conflicts.conflict_check(
            actor=request.user, name=form.cleaned_data["name"], help_request=help_request
        )
        if check.needs_decision:
            messages.warning(request, _("Possible conflict: the name matches an earlier party."))
        else:
            messages.info(request, _("No earlier party matches this name."))
    else:
        messages.error(request, _("Type the name to check."))
    return redirect("helpdesk:triage", pk=help_request.pk)


@signed_in_or_404(can_triage)
@require_POST
def case_open_from_request(request: AuthedRequest, pk: int) -> HttpResponse:
    help_request = get_object_or_404(HelpRequest, pk=pk)
    form = CaseOpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Fill in the type and the summary of the case."))
        return redirect("helpdesk:triage", pk=help_request.pk)
    try:
        case, case_data_key = case_services.case_open_from_request(
            actor=request.user, help_request=help_request, **form.cleaned_data
        )
    except case_services.NoKeyPairError:
        messages.error(request, _("Create your encryption key pair first (on your profile)."))
        return redirect("helpdesk:triage", pk=help_request.pk)
    except ValueError:
        messages.error(request, _("A case opens from a request accepted at triage, once."))
        return redirect("helpdesk:triage", pk=help_request.pk)
    # The case's lawyer will write to the requester with the conversation's key (never the
    # request's own key): the coordinator, holding both, shares it now.
    case_conversation_catch_up(request, case, case_data_key=case_data_key)
    messages.success(request, _("The case %(number)s is open.") % {"number": case.number})
    return redirect("helpdesk:case-detail", pk=case.pk)
