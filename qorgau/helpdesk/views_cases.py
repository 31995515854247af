"""Case pages: the list, opening a case, the case itself with everything recorded in it, the
actions on it, matching and offers, and document downloads.

Every view checks access through `permissions.access_case` (404 for anyone who may not know the
case exists); every read of case content is recorded in the audit log.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qorgau.core.crypto import DecryptionFailed
from qorgau.core.permissions import AuthedRequest
from qorgau.helpdesk import cases as services
from qorgau.helpdesk import conflicts, conversation, matching, queries
from qorgau.helpdesk import critical_dates as date_services
from qorgau.helpdesk import disclosure as disclosure_services
from qorgau.helpdesk import offers as offer_services
from qorgau.helpdesk import record as record_services
from qorgau.helpdesk import referrals as referral_services
from qorgau.helpdesk.forms_cases import (
    CaseEditForm,
    CaseFilter,
    CaseMessageForm,
    CaseOpenForm,
    CitationForm,
    ConflictDecisionForm,
    ConflictNameForm,
    CriticalDateForm,
    DeclineForm,
    DocumentForm,
    ExpenseForm,
    HearingForm,
    HearingResultForm,
    IncidentForm,
    NoteForm,
    OfferForm,
    PartyForm,
    ProceedingForm,
    ReferralForm,
    SharedCodeForm,
    TaskForm,
)
from qorgau.helpdesk.models import (
    Case,
    CaseDocument,
    CaseDocumentVersion,
    CaseOffer,
    CaseTask,
    ConflictCheck,
    CriticalDate,
    Hearing,
)
from qorgau.helpdesk.permissions import (
    access_case,
    access_offer,
    can_decide_disclosures,
    can_edit_case,
    can_list_cases,
    can_triage,
)
from qorgau.helpdesk.views_public import memory_uploads


def signed_in_or_404(
    allowed: Callable[[Any], bool],
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Anonymous visitors go to sign-in; signed-in people without the right get 404, as if the
    page did not exist."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not allowed(request.user):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def unlock_url(request: HttpRequest) -> str:
    """Where a person whose keys are locked types their password again."""
    try:
        base = reverse("accounts:unlock-keys")
    except NoReverseMatch:
        base = reverse("accounts:profile")
    return base + "?" + urlencode({"next": request.get_full_path()})


def _key_or_message(request: AuthedRequest, case: Case) -> bytes | None:
    key = services.case_key(request, case)
    if key is None:
        messages.error(
            request,
            _(
                "Your keys are locked or you have no access to this case's content: unlock "
                "your keys, or ask a coordinator to grant you access."
            ),
        )
    return key


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


def _open(token: Any, opener: Callable[[], str]) -> str | None:
    if not token:
        return ""
    try:
        return opener()
    except DecryptionFailed:
        return None


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
        "summary": _open(case.summary_sealed, lambda: services.case_summary(case, key))
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
        key = _key_or_message(request, case)
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


def _form_errors(request: AuthedRequest, form: Any) -> bool:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))
    return False


def _act_edit(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    form = CaseEditForm(request.POST)
    if not form.is_valid():
        return _form_errors(request, form)
    services.case_update(actor=request.user, case=case, **form.cleaned_data)
    return True


def _act_party(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    form = PartyForm(request.POST)
    if not form.is_valid():
        return _form_errors(request, form)
    _party, check = conflicts.party_add(actor=request.user, case=case, **form.cleaned_data)
    if check.needs_decision:
        messages.warning(request, _("Possible conflict: the name matches an earlier party."))
    return True


def _act_conflict(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    form = ConflictNameForm(request.POST)
    if not form.is_valid():
        return _form_errors(request, form)
    check = conflicts.conflict_check(actor=request.user, name=form.cleaned_data["name"], case=case)
    if check.needs_decision:
        messages.warning(request, _("Possible conflict: the name matches an earlier party."))
    else:
        messages.info(request, _("No earlier party matches this name."))
    return False


def _act_decide(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    form = ConflictDecisionForm(request.POST)
    if not form.is_valid():
        return _form_errors(request, form)
    check = get_object_or_404(ConflictCheck, pk=form.cleaned_data["check"], case=case)
    conflicts.conflict_decide(
        actor=request.user,
        check=check,
        conflict=form.cleaned_data["conflict"],
        reason=form.cleaned_data["reason"],
        data_key=key,
    )
    return True


def _act_proceeding(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    form = ProceedingForm(request.POST)
    if not form.is_valid():
        return _form_errors(request, form)
    record_services.proceeding_add(actor=request.user, case=case, **form.cleaned_data)
    return True


def _act_hearing(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    form = HearingForm(request.POST)
    if not form.is_valid():
        return _form_errors(request, form)
    record_services.hearing_add(actor=request.user, case=case, **form.cleaned_data)
    return True


def _act_result(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    form = HearingResultForm(request.POST)
    if not form.is_valid() or key is None:
        return _form_errors(request, form)
    hearing = get_object_or_404(Hearing, pk=form.cleaned_data["hearing"], case=case)
    record_services.hearing_result(
        actor=request.user, hearing=hearing, result=form.cleaned_data["result"], data_key=key
    )
    return True


def _act_date(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    form = CriticalDateForm(request.POST)
    if not form.is_valid():
        return _form_errors(request, form)
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


def _act_review(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    date = get_object_or_404(CriticalDate, pk=request.POST.get("date") or 0, case=case)
    date_services.critical_date_review(actor=request.user, date=date)
    return True


def _act_date_done(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    date = get_object_or_404(CriticalDate, pk=request.POST.get("date") or 0, case=case)
    date_services.critical_date_done(actor=request.user, date=date)
    return True


def _act_task(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    form = TaskForm(request.POST)
    if not form.is_valid() or key is None:
        return _form_errors(request, form)
    record_services.task_add(
        actor=request.user,
        case=case,
        title=form.cleaned_data["title"],
        due=form.cleaned_data["due"],
        data_key=key,
    )
    return True


def _act_task_done(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    task = get_object_or_404(CaseTask, pk=request.POST.get("task") or 0, case=case)
    record_services.task_done(actor=request.user, task=task)
    return True


def _act_note(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    form = NoteForm(request.POST)
    if not form.is_valid() or key is None:
        return _form_errors(request, form)
    record_services.note_add(actor=request.user, case=case, data_key=key, **form.cleaned_data)
    return True


def _act_citation(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    form = CitationForm(request.POST)
    if not form.is_valid():
        return _form_errors(request, form)
    record_services.citation_add(actor=request.user, case=case, key=form.cleaned_data["key"])
    return True


def _act_incident(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    form = IncidentForm(request.POST)
    if not form.is_valid():
        return _form_errors(request, form)
    record_services.incident_link(
        actor=request.user, case=case, incident_id=form.cleaned_data["incident_id"]
    )
    return True


def _act_expense(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    form = ExpenseForm(request.POST)
    if not form.is_valid() or key is None:
        return _form_errors(request, form)
    record_services.expense_add(actor=request.user, case=case, data_key=key, **form.cleaned_data)
    return True


def _act_document(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    from qorgau.helpdesk.files import FileRefusedError

    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid() or key is None:
        return _form_errors(request, form)
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


def _act_disclose(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    reason = request.POST.get("reason", "").strip()
    if not reason:
        messages.error(request, _("Say why the lawyer needs to know who the requester is."))
        return False
    disclosure_services.disclosure_request(actor=request.user, case=case, reason=reason)
    return True


def _act_disclose_do(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
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


def _act_grant(request: AuthedRequest, case: Case, key: bytes | None) -> bool:
    person = next((u for u in _grantable(case) if str(u.pk) == request.POST.get("user")), None)
    if person is None or key is None:
        raise Http404
    services.case_grant(actor=request.user, case=case, user=person, data_key=key)
    return True


ACTIONS: dict[str, Callable[[AuthedRequest, Case, bytes | None], bool]] = {
    "edit": _act_edit,
    "party": _act_party,
    "conflict": _act_conflict,
    "decide": _act_decide,
    "proceeding": _act_proceeding,
    "hearing": _act_hearing,
    "result": _act_result,
    "date": _act_date,
    "review": _act_review,
    "date-done": _act_date_done,
    "task": _act_task,
    "task-done": _act_task_done,
    "note": _act_note,
    "citation": _act_citation,
    "incident": _act_incident,
    "expense": _act_expense,
    "document": _act_document,
    "disclose": _act_disclose,
    "disclose-do": _act_disclose_do,
    "grant": _act_grant,
}


@signed_in_or_404(can_list_cases)
@require_GET
def document_download(request: AuthedRequest, pk: int, version: int) -> HttpResponse:
    """A version of a document, decrypted for the person; `?cleaned=1` for the cleaned copy."""
    from qorgau.helpdesk.files import download_name, file_details, file_read

    case = access_case(request.user, pk)
    row = get_object_or_404(
        CaseDocumentVersion.objects.select_related("file"), pk=version, document__case=case
    )
    key = _key_or_message(request, case)
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
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
    response["Cache-Control"] = "no-store"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")


# --- Matching and offers --------------------------------------------------------------------------


@signed_in_or_404(can_triage)
@require_http_methods(["GET", "POST"])
def case_match(request: AuthedRequest, pk: int) -> HttpResponse:
    """Candidates for the case, and the offer to one of them with a redacted summary."""
    from qorgau.accounts.models import User

    case = access_case(request.user, pk, edit=True)
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        key = _key_or_message(request, case)
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
        _open(offer.summary_sealed, lambda: offer_services.offer_summary(offer, key))
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


# --- Identity custodians ----------------------------------------------------------------------


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


# --- Referrals to partner organisations -------------------------------------------------------


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
    key = _key_or_message(request, case)
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
                    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
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
