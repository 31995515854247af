"""Referring a case to a partner organisation with cleaned copies of chosen documents, and the
public page where the partner opens them with its access code."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from qorgau.core.crypto import DecryptionFailed
from qorgau.core.permissions import AuthedRequest
from qorgau.helpdesk import record as record_services
from qorgau.helpdesk import referrals as referral_services
from qorgau.helpdesk.forms_cases import ReferralForm, SharedCodeForm
from qorgau.helpdesk.models import Case, CaseDocumentVersion
from qorgau.helpdesk.permissions import access_case, can_list_cases
from qorgau.helpdesk.views_common import key_or_message, quote_filename, signed_in_or_404


def _shareable_choices(case: Case, key: bytes) -> list[tuple[str, str]]:
    choices = []
    for document in case.documents.prefetch_related("versions__file"):
        latest = document.versions.first()  # newest first
        if latest is not None and referral_services.shareable(latest):
            title = record_services.document_title(document, key)
            choices.append((str(latest.pk), f"{title} (v{latest.number})"))
    return choices


@signed_in_or_404(can_list_cases)
@require_http_methods(["GET", "POST"])
def case_refer(request: AuthedRequest, pk: int) -> HttpResponse:
    """Refer the case to a partner organisation with cleaned copies of chosen documents. The
    access code is shown on this response only (never stored, never put in a message)."""
    case = access_case(request.user, pk, edit=True)
    key = key_or_message(request, case)
    if key is None:
        return redirect("helpdesk:case-detail", pk=case.pk)
    form = ReferralForm(request.POST or None, choices=_shareable_choices(case, key))
    if request.method == "POST" and form.is_valid():
        versions = list(
            CaseDocumentVersion.objects.select_related("file", "document").filter(
                pk__in=[int(v) for v in form.cleaned_data["versions"]], document__case=case
            )
        )
        referral, code = referral_services.referral_create(
            actor=request.user,
            case=case,
            organisation=form.cleaned_data["organisation"],
            versions=versions,
            data_key=key,
            days=form.cleaned_data["days"],
        )
        context = {"case": case, "referral": referral, "code": code}
        response = render(request, "helpdesk/cases/referral_created.html", context)
        response["Cache-Control"] = "no-store"
        return response
    referrals = case.referrals.select_related("organisation").prefetch_related("files")
    context = {"case": case, "form": form, "referrals": referrals}
    return render(request, "helpdesk/cases/refer.html", context)


@signed_in_or_404(can_list_cases)
@require_POST
def referral_revoke(request: AuthedRequest, pk: int, referral: int) -> HttpResponse:
    from qorgau.helpdesk.models import CaseReferral

    case = access_case(request.user, pk, edit=True)
    found = get_object_or_404(CaseReferral, pk=referral, case=case, revoked_at__isnull=True)
    referral_services.referral_revoke(actor=request.user, referral=found)
    messages.success(request, _("The share is withdrawn and its copies deleted."))
    return redirect("helpdesk:case-refer", pk=case.pk)


@require_http_methods(["GET", "POST"])
def shared(request: HttpRequest) -> HttpResponse:
    """Where a partner organisation opens what was shared with it, with its access code. The code
    travels in the form, never in the address, so it reaches no log or history."""
    from qorgau.helpdesk.files import download_name, file_details, file_read

    form = SharedCodeForm(request.POST or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        opened = referral_services.referral_open(form.cleaned_data["code"])
        if opened is None:
            form.add_error("code", _("This code opens nothing: it is wrong, expired or withdrawn."))
        else:
            referral, key = opened
            wanted = request.POST.get("file", "")
            rows = list(referral.files.all())
            if wanted:
                row = next((r for r in rows if r.uid == wanted), None)
                if row is None:
                    raise Http404
                try:
                    data = file_read(key, row)
                    details = file_details(key, row)
                except (DecryptionFailed, OSError):
                    form.add_error(None, _("This file is damaged or missing and cannot be opened."))
                else:
                    referral_services.referral_opened(referral, f"file {row.uid}")
                    response = HttpResponse(data, content_type=row.media_type)
                    name = download_name(details, row, cleaned=False)
                    response["Content-Disposition"] = (
                        f"attachment; filename*=UTF-8''{quote_filename(name)}"
                    )
                    response["Cache-Control"] = "no-store"
                    return response
            referral_services.referral_opened(referral, "list")
            shown: list[tuple[Any, dict[str, Any] | None]] = []
            for row in rows:
                try:
                    shown.append((row, file_details(key, row)))
                except DecryptionFailed:
                    shown.append((row, None))
            context.update(
                {"referral": referral, "files": shown, "code": form.cleaned_data["code"]}
            )
    response = render(request, "helpdesk/cases/shared.html", context)
    response["Cache-Control"] = "no-store"
    return response
