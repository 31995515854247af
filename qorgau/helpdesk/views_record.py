"""The forms on a case page that add to its record (parties and conflict checks, proceedings and
hearings, critical dates, tasks, notes, citations, incidents, expenses, documents), and
document downloads."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from qorgau.core.crypto import DecryptionFailed
from qorgau.core.permissions import AuthedRequest
from qorgau.helpdesk import cases as services
from qorgau.helpdesk import conflicts
from qorgau.helpdesk import critical_dates as date_services
from qorgau.helpdesk import record as record_services
from qorgau.helpdesk.forms_cases import (
    CitationForm,
    ConflictDecisionForm,
    ConflictNameForm,
    CriticalDateForm,
    DocumentForm,
    ExpenseForm,
    HearingForm,
    HearingResultForm,
    IncidentForm,
    NoteForm,
    PartyForm,
    ProceedingForm,
    TaskForm,
)
from qorgau.helpdesk.models import (
    Case,
    CaseDocument,
    CaseDocumentVersion,
    CaseTask,
    ConflictCheck,
    CriticalDate,
    Hearing,
)
from qorgau.helpdesk.permissions import access_case, can_list_cases
from qorgau.helpdesk.views_common import (
    form_errors,
    key_or_message,
    quote_filename,
    signed_in_or_404,
)

# The record's actions are dispatched by `views_cases.case_act`, which checks access, the key and
# the coordinator-only actions before calling one of them.


def act_party(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    form = PartyForm(request.POST)
    if not form.is_valid():
        return form_errors(request, form)
    _party, check = conflicts.party_add(actor=request.user, case=case, **form.cleaned_data)
    if check.needs_decision:
        messages.warning(request, _("Possible conflict: the name matches an earlier party."))
    return True


def act_conflict(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    form = ConflictNameForm(request.POST)
    if not form.is_valid():
        return form_errors(request, form)
    check = conflicts.conflict_check(actor=request.user, name=form.cleaned_data["name"], case=case)
    if check.needs_decision:
        messages.warning(request, _("Possible conflict: the name matches an earlier party."))
    else:
        messages.info(request, _("No earlier party matches this name."))
    return False


def act_decide(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    form = ConflictDecisionForm(request.POST)
    if not form.is_valid():
        return form_errors(request, form)
    check = get_object_or_404(ConflictCheck, pk=form.cleaned_data["check"], case=case)
    conflicts.conflict_decide(
        actor=request.user,
        check=check,
        conflict=form.cleaned_data["conflict"],
        reason=form.cleaned_data["reason"],
        data_key=key,
    )
    return True


def act_proceeding(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    form = ProceedingForm(request.POST)
    if not form.is_valid():
        return form_errors(request, form)
    record_services.proceeding_add(actor=request.user, case=case, **form.cleaned_data)
    return True


def act_hearing(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    form = HearingForm(request.POST)
    if not form.is_valid():
        return form_errors(request, form)
    record_services.hearing_add(actor=request.user, case=case, **form.cleaned_data)
    return True


def act_result(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    form = HearingResultForm(request.POST)
    if not form.is_valid() or key is None:
        return form_errors(request, form)
    hearing = get_object_or_404(Hearing, pk=form.cleaned_data["hearing"], case=case)
    record_services.hearing_result(
        actor=request.user, hearing=hearing, result=form.cleaned_data["result"], data_key=key
    )
    return True


def act_date(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    form = CriticalDateForm(request.POST)
    if not form.is_valid():
        return form_errors(request, form)
    data = form.cleaned_data
    date_services.critical_date_add(
        actor=request.user,
        case=case,
        kind=data["kind"],
        rule=data["rule"],
        start=data["start"],
        due=None if data["rule"] else data["due"],
    )
    return True


def act_review(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    date = get_object_or_404(CriticalDate, pk=request.POST.get("date") or 0, case=case)
    date_services.critical_date_review(actor=request.user, date=date)
    return True


def act_date_done(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    date = get_object_or_404(CriticalDate, pk=request.POST.get("date") or 0, case=case)
    date_services.critical_date_done(actor=request.user, date=date)
    return True


def act_task(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    form = TaskForm(request.POST)
    if not form.is_valid() or key is None:
        return form_errors(request, form)
    record_services.task_add(
        actor=request.user,
        case=case,
        title=form.cleaned_data["title"],
        due=form.cleaned_data["due"],
        data_key=key,
    )
    return True


def act_task_done(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    task = get_object_or_404(CaseTask, pk=request.POST.get("task") or 0, case=case)
    record_services.task_done(actor=request.user, task=task)
    return True


def act_note(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    form = NoteForm(request.POST)
    if not form.is_valid() or key is None:
        return form_errors(request, form)
    record_services.note_add(actor=request.user, case=case, data_key=key, **form.cleaned_data)
    return True


def act_citation(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    form = CitationForm(request.POST)
    if not form.is_valid():
        return form_errors(request, form)
    record_services.citation_add(actor=request.user, case=case, key=form.cleaned_data["key"])
    return True


def act_incident(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    form = IncidentForm(request.POST)
    if not form.is_valid():
        return form_errors(request, form)
    record_services.incident_link(
        actor=request.user, case=case, incident_id=form.cleaned_data["incident_id"]
    )
    return True


def act_expense(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    form = ExpenseForm(request.POST)
    if not form.is_valid() or key is None:
        return form_errors(request, form)
    record_services.expense_add(actor=request.user, case=case, data_key=key, **form.cleaned_data)
    return True


def act_document(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    from qorgau.helpdesk.files import FileRefusedError

    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid() or key is None:
        return form_errors(request, form)
    document = None
    if form.cleaned_data["document"]:
        document = get_object_or_404(CaseDocument, pk=form.cleaned_data["document"], case=case)
    upload = form.cleaned_data["file"]
    if getattr(upload, "too_large", False):
        limit = settings.HELPDESK_MAX_FILE_BYTES // (1024 * 1024)
        messages.error(request, _("The file is larger than %(limit)s MB.") % {"limit": limit})
        return False
    try:
        record_services.document_add(
            actor=request.user,
            case=case,
            data_key=key,
            title=form.cleaned_data["title"],
            name=upload.name,
            data=upload.read(),
            document=document,
        )
    except FileRefusedError as refused:
        messages.error(request, str(refused))
        return False
    return True


@signed_in_or_404(can_list_cases)
@require_GET
def document_download(request: AuthedRequest, pk: int, version: int) -> HttpResponse:
    """A version of a document, decrypted for the person; `?cleaned=1` for the cleaned copy."""
    from qorgau.helpdesk.files import download_name, file_details, file_read

    case = access_case(request.user, pk)
    row = get_object_or_404(
        CaseDocumentVersion.objects.select_related("file"), pk=version, document__case=case
    )
    key = key_or_message(request, case)
    if key is None:
        return redirect("helpdesk:case-detail", pk=case.pk)
    cleaned = request.GET.get("cleaned") == "1" and bool(row.file.cleaned_name)
    try:
        data = file_read(key, row.file, cleaned=cleaned)
        details = file_details(key, row.file)
    except (DecryptionFailed, OSError):
        messages.error(request, _("This file is damaged or missing and cannot be opened."))
        return redirect("helpdesk:case-detail", pk=case.pk)
    services.case_read(actor=request.user, case=case, what=f"document {row.pk}")
    response = HttpResponse(data, content_type=row.file.media_type)
    name = download_name(details, row.file, cleaned=cleaned)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote_filename(name)}"
    response["Cache-Control"] = "no-store"
    return response
