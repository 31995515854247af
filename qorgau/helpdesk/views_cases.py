"""Case pages: the list, opening a case, the case itself with its messages, and the actions on it
from the forms of its page (the record's own forms are in `views_record`).

Every view checks access through `permissions.access_case` (404 for anyone who may not know the
case exists); every read of case content is recorded in the audit log.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qorgau.core.crypto import DecryptionFailed
from qorgau.core.permissions import AuthedRequest
from qorgau.helpdesk import cases as services
from qorgau.helpdesk import conversation, queries
from qorgau.helpdesk import disclosure as disclosure_services
from qorgau.helpdesk import record as record_services
from qorgau.helpdesk import views_disclosure as disclosure_views
from qorgau.helpdesk import views_record as record_views
from qorgau.helpdesk.forms_cases import (
    CaseEditForm,
    CaseFilter,
    CaseMessageForm,
    CaseOpenForm,
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
from qorgau.helpdesk.models import Case, CaseDocument, CaseOffer
from qorgau.helpdesk.permissions import access_case, can_edit_case, can_list_cases, can_triage
from qorgau.helpdesk.views_common import (
    form_errors,
    key_or_message,
    open_sealed,
    signed_in_or_404,
    unlock_url,
)
from qorgau.helpdesk.views_public import memory_uploads

# --- The list and opening a case ------------------------------------------------------------------


@signed_in_or_404(can_list_cases)
@require_GET
def case_list(request: AuthedRequest) -> HttpResponse:
    form = CaseFilter(request.GET or None)
    cases = queries.cases_visible_to(request.user)
    if request.GET:
        cases = form.apply(cases)
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = "helpdesk/cases/list.html"
    if request.headers.get("HX-Request"):
        template += "#results"
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "can_open": can_triage(request.user),
        "offers": queries.offers_for(request.user).filter(status__in=CaseOffer.OPEN),
    }
    return render(request, template, context)


@signed_in_or_404(can_triage)
@require_http_methods(["GET", "POST"])
def case_create(request: AuthedRequest) -> HttpResponse:
    form = CaseOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case, _key = services.case_open(
                actor=request.user,
                kind=data["kind"],
                summary=data["summary"],
                forum=data["forum"],
                region=data["region"],
                language=data["language"],
                detained=data["detained"],
                risk=data["risk"],
                strategic=data["strategic"],
            )
        except services.NoKeyPairError:
            form.add_error(None, _("Create your encryption key pair first (on your profile)."))
        else:
            messages.success(request, _("The case %(number)s is open.") % {"number": case.number})
            return redirect("helpdesk:case-detail", pk=case.pk)
    return render(request, "helpdesk/cases/create.html", {"form": form})


# --- The case -------------------------------------------------------------------------------------


@signed_in_or_404(can_list_cases)
@require_GET
def case_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    case = access_case(request.user, pk)
    return _case_page(request, case, CaseMessageForm())


def _case_page(
    request: AuthedRequest, case: Case, message_form: CaseMessageForm, *, status: int = 200
) -> HttpResponse:
    key = services.case_key(request, case)
    services.case_read(actor=request.user, case=case, what="detail" if key else "facts")
    editable = can_edit_case(request.user, case)
    request_data_key = _request_data_key(request, case)
    if key is not None:
        conversation.case_conversation_catch_up(
            request, case, request_data_key=request_data_key, case_data_key=key
        )
    parties = list(case.parties.all())
    party_names = {p.pk: p.name for p in parties}
    context: dict[str, Any] = {
        "case": case,
        "key_open": key is not None,
        "has_grant": services.has_grant(request.user, case),
        "unlock_url": unlock_url(request),
        "editable": editable,
        "is_coordinator": can_triage(request.user),
        "summary": open_sealed(case.summary_sealed, lambda: services.case_summary(case, key))
        if key
        else None,
        "parties": [(p, party_names[p.pk]) for p in parties],
        "conflicts": [
            (c, c.name, [(m, party_names.get(m.pk) or m.name) for m in c.matches.all()])
            for c in case.conflicts.prefetch_related("matches__case")
        ],
        "proceedings": [
            (p, p.external_number, party_names.get(p.judge_id or 0, ""))
            for p in case.proceedings.all()
        ],
        "hearings": [
            (h, record_services.hearing_result_text(h, key) if key else None)
            for h in case.hearings.all()
        ],
        "dates": list(case.critical_dates.select_related("created_by", "reviewed_by")),
        "tasks": [
            (t, record_services.task_title(t, key) if key else None)
            for t in case.tasks.select_related("assignee")
        ],
        "notes": [
            (n, record_services.note_body(n, key) if key else None)
            for n in case.notes.select_related("author")
        ],
        "documents": _documents(case, key),
        "citations": case.citations.all(),
        "incidents": case.incidents.all(),
        "expenses": [
            (e, record_services.expense_description(e, key) if key else None)
            for e in case.expenses.all()
        ],
        "offers": case.offers.select_related("lawyer") if can_triage(request.user) else [],
        "events": queries.timeline(case),
        "requester": _requester(case, request_data_key),
        "conversation": conversation.case_messages(
            actor=request.user, case=case, case_data_key=key, request_data_key=request_data_key
        )
        if key is not None
        else None,
        "can_write": editable and key is not None and conversation.can_write(case),
        "message_form": message_form,
        "disclosures": [
            (d, disclosure_services.disclosure_reason(request, d))
            for d in case.disclosures.select_related("lawyer", "requested_by", "decided_by")
        ]
        if can_triage(request.user)
        else [],
        "grantable": _grantable(case) if can_triage(request.user) else [],
    }
    if editable:
        context["forms"] = {
            "edit": CaseEditForm(
                initial={
                    "kind": case.kind,
                    "forum": case.forum,
                    "stage": case.stage,
                    "risk": case.risk,
                    "strategic": case.strategic,
                    "region": case.region_id,
                    "outcome": case.outcome,
                    "impact": case.impact,
                }
            ),
            "party": PartyForm(),
            "conflict": ConflictNameForm(),
            "decide": ConflictDecisionForm(),
            "proceeding": ProceedingForm(),
            "hearing": HearingForm(),
            "result": HearingResultForm(),
            "date": CriticalDateForm(),
            "task": TaskForm(),
            "note": NoteForm(),
            "citation": CitationForm(),
            "incident": IncidentForm(),
            "document": DocumentForm(),
            "expense": ExpenseForm(),
        }
    return render(request, "helpdesk/cases/detail.html", context, status=status)


def _documents(case: Case, key: bytes | None) -> list[tuple[CaseDocument, str | None, list[Any]]]:
    from qorgau.helpdesk.files import file_details

    shown = []
    for document in case.documents.prefetch_related("versions__file"):
        title = record_services.document_title(document, key) if key else None
        versions = []
        for version in document.versions.all():
            details = None
            if key:
                try:
                    details = file_details(key, version.file)
                except DecryptionFailed:
                    details = None
            versions.append((version, details))
        shown.append((document, title, versions))
    return shown


def _request_data_key(request: AuthedRequest, case: Case) -> bytes | None:
    """The request's own key, for those who hold it: coordinators, and a lawyer only after an
    approved identity disclosure."""
    from qorgau.helpdesk.triage import request_key

    if case.help_request is None or case.is_shredded:
        return None
    return request_key(request, case.help_request)


def _requester(case: Case, request_data_key: bytes | None) -> Any:
    """Who the requester is and how to reach them, for those who hold the request's key;
    otherwise the requester's identity stays apart from the case."""
    from qorgau.helpdesk.intake import request_content

    if case.help_request is None or request_data_key is None:
        return None
    try:
        return request_content(help_request=case.help_request, data_key=request_data_key)
    except DecryptionFailed:
        return None


@signed_in_or_404(can_list_cases)
@require_POST
def case_message(request: AuthedRequest, pk: int) -> HttpResponse:
    """A message to the requester from the case page. On an error the page comes back with the
    text kept and the reason beside the form."""
    case = access_case(request.user, pk, edit=True)
    if case.help_request is None:
        raise Http404
    form = CaseMessageForm(request.POST)
    key = services.case_key(request, case)
    if key is None:
        form.add_error(
            None,
            _(
                "Your keys are locked or you have no access to this case's content: unlock "
                "your keys, then send again."
            ),
        )
    elif form.is_valid():
        try:
            conversation.case_message_send(
                actor=request.user, case=case, case_data_key=key, body=form.cleaned_data["body"]
            )
        except conversation.NoConversationKeyError:
            form.add_error(
                None,
                _(
                    "The conversation is not open to this case yet: a coordinator opens it by "
                    "opening this case or its request."
                ),
            )
        except (ValueError, DecryptionFailed):
            form.add_error(None, _("This conversation is closed: the message was not sent."))
        else:
            messages.success(
                request, _("Sent. The requester reads it on their page with their code.")
            )
            return redirect(reverse("helpdesk:case-detail", args=[case.pk]) + "#messages")
    return _case_page(request, case, form, status=400)


def _grantable(case: Case) -> list[Any]:
    """Coordinators and observers with a key pair but no grant yet (joined later, or lost their
    pair in a password reset): a coordinator holding the key can give them access."""
    from qorgau.accounts.models import Role, User

    granted = case.grants.filter(active=True).values("user_id")
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__role__in=[Role.COORDINATOR, Role.OBSERVER],
            keypair__isnull=False,
        )
        .exclude(pk__in=granted)
        .distinct()
    )


# --- Actions on a case ----------------------------------------------------------------------------

NEEDS_KEY = {"note", "task", "result", "document", "expense", "decide", "grant"}
COORDINATORS_ONLY = {"disclose", "disclose-do", "grant"}


@memory_uploads
@signed_in_or_404(can_list_cases)
@require_POST
def case_act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    """One action on the case from the forms of its page; errors come back as messages and
    nothing is saved half-way."""
    case = access_case(request.user, pk, edit=True)
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404
    if action in COORDINATORS_ONLY and not can_triage(request.user):
        raise PermissionDenied
    key = None
    if action in NEEDS_KEY:
        key = key_or_message(request, case)
        if key is None:
            return redirect("helpdesk:case-detail", pk=case.pk)
    try:
        done = handler(request, case, key)
    except (ValueError, PermissionError) as error:
        messages.error(request, _explain(error))
        done = False
    if done:
        messages.success(request, _("Saved."))
    return redirect(reverse("helpdesk:case-detail", args=[case.pk]) + f"#{action}")


def _explain(error: Exception) -> str:
    from qorgau.library.citations import CitationError

    if isinstance(error, CitationError):
        return _("This is not a citation key: it looks like kz-cc:274:2.")
    if isinstance(error, PermissionError):
        return _("A critical date is confirmed by a second person, not the one who entered it.")
    return _("This could not be saved: check what you entered.")


def _act_edit(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    form = CaseEditForm(request.POST)
    if not form.is_valid():
        return form_errors(request, form)
    services.case_update(actor=request.user, case=case, **form.cleaned_data)
    return True


def _act_grant(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    person = next((u for u in _grantable(case) if str(u.pk) == request.POST.get("user")), None)
    if person is None or key is None:
        raise Http404
    services.case_grant(actor=request.user, case=case, user=person, data_key=key)
    return True


ACTIONS: dict[str, Callable[[AuthedRequest, Case, bytes | None], bool]] = {
    "edit": _act_edit,
    "party": record_views.act_party,
    "conflict": record_views.act_conflict,
    "decide": record_views.act_decide,
    "proceeding": record_views.act_proceeding,
    "hearing": record_views.act_hearing,
    "result": record_views.act_result,
    "date": record_views.act_date,
    "review": record_views.act_review,
    "date-done": record_views.act_date_done,
    "task": record_views.act_task,
    "task-done": record_views.act_task_done,
    "note": record_views.act_note,
    "citation": record_views.act_citation,
    "incident": record_views.act_incident,
    "expense": record_views.act_expense,
    "document": record_views.act_document,
    "disclose": disclosure_views.act_disclose,
    "disclose-do": disclosure_views.act_disclose_do,
    "grant": _act_grant,
}
