"""The coordinator's page of one help request: the decrypted content, files, messages, a reply,
and granting access to a coordinator who joined later.

Only coordinators (and administrators, who hold every role) learn that a request exists: anyone
else signed in gets 404. Content is decrypted with the coordinator's own unlocked private key,
and every read of content is written to the audit trail.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from qorgau.accounts.keys import has_keypair, private_key_for
from qorgau.accounts.models import Role, User
from qorgau.core.crypto import DecryptionFailed
from qorgau.core.models import AuditEvent
from qorgau.core.permissions import AuthedRequest, has_role
from qorgau.core.services import audit_record
from qorgau.core.views import error_page
from qorgau.helpdesk.conversation import case_conversation_catch_up
from qorgau.helpdesk.files import download_name, file_details, file_read, report_lines
from qorgau.helpdesk.forms_intake import ReplyForm
from qorgau.helpdesk.intake import (
    data_key_for_user,
    files_read,
    grant_of,
    message_send,
    messages_read,
    request_content,
    request_grant_access,
)
from qorgau.helpdesk.models import Case, HelpRequest, RequestFile, RequestKeyGrant


def coordinator_only[V: Callable[..., HttpResponseBase]](view: V) -> V:
    """Anonymous visitors go to sign-in; everyone but coordinators gets 404, not 403, so that
    nobody else learns which request numbers exist."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not has_role(request.user, Role.COORDINATOR):
            raise Http404
        response = view(request, *args, **kwargs)
        response.headers["Cache-Control"] = "no-store"
        return response

    return wrapped  # type: ignore[return-value]


def _unlock_url(next_url: str) -> str:
    return reverse("accounts:unlock-keys") + "?" + urlencode({"next": next_url})


@dataclass
class KeyState:
    """Why a coordinator can or cannot read a request, and the data key when they can."""

    data_key: bytes | None = None
    problem: str = ""  # "no_keypair", "no_grant", "stale_grant"
    redirect: HttpResponse | None = None


def _key_state(request: AuthedRequest, help_request: HelpRequest, next_url: str) -> KeyState:
    if not has_keypair(request.user):
        return KeyState(problem="no_keypair")
    if grant_of(help_request, request.user) is None:
        return KeyState(problem="no_grant")
    private_key = private_key_for(request)
    if private_key is None:
        return KeyState(redirect=redirect(_unlock_url(next_url)))
    try:
        data_key = data_key_for_user(
            help_request=help_request, user=request.user, private_key=private_key
        )
    except DecryptionFailed:
        return KeyState(problem="stale_grant")
    return KeyState(data_key=data_key)


def _coordinators_without_access(help_request: HelpRequest) -> list[User]:
    granted = RequestKeyGrant.objects.filter(request=help_request, user__isnull=False).values(
        "user_id"
    )
    return list(
        User.objects.filter(
            is_active=True, role_assignments__role=Role.COORDINATOR, keypair__isnull=False
        )
        .exclude(pk__in=granted)
        .distinct()
    )


def _granted_people(help_request: HelpRequest) -> list[User]:
    return [
        grant.user
        for grant in help_request.grants.filter(kind=RequestKeyGrant.Kind.USER).select_related(
            "user"
        )
        if grant.user is not None
    ]


@coordinator_only
@require_GET
def request_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    help_request = get_object_or_404(HelpRequest.objects.select_related("region"), pk=pk)
    return _detail_page(request, help_request, ReplyForm())


def _detail_page(
    request: AuthedRequest, help_request: HelpRequest, form: ReplyForm
) -> HttpResponse:
    detail_url = reverse("helpdesk:request-detail", kwargs={"pk": help_request.pk})
    state = _key_state(request, help_request, detail_url)
    if state.redirect is not None:
        return state.redirect
    context: dict[str, Any] = {
        "help_request": help_request,
        "problem": state.problem,
        "granted_people": _granted_people(help_request),
        "form": form,
        "content_broken": False,
    }
    if state.data_key is not None:
        try:
            context["content"] = request_content(help_request=help_request, data_key=state.data_key)
        except DecryptionFailed:
            context["content_broken"] = True
        context["messages_shown"] = messages_read(
            help_request=help_request, data_key=state.data_key
        )
        shown_files = files_read(help_request=help_request, data_key=state.data_key)
        context["files"] = [
            (shown, report_lines(shown.details.get("metadata", [])) if shown.details else [])
            for shown in shown_files
        ]
        context["can_grant"] = _coordinators_without_access(help_request)
        case = Case.objects.filter(help_request=help_request).first()
        if case is not None:
            case_conversation_catch_up(request, case, request_data_key=state.data_key)
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.VIEW,
            obj=help_request,
            context={"read": "content, messages and files list"},
        )
    return render(request, "helpdesk/request/detail.html", context)


@coordinator_only
@require_POST
def request_reply(request: AuthedRequest, pk: int) -> HttpResponse:
    help_request = get_object_or_404(HelpRequest, pk=pk)
    detail_url = reverse("helpdesk:request-detail", kwargs={"pk": pk})
    state = _key_state(request, help_request, detail_url)
    if state.redirect is not None:
        return state.redirect
    if state.data_key is None:
        return redirect(detail_url)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, help_request, form)
    try:
        message_send(
            help_request=help_request,
            data_key=state.data_key,
            body=form.cleaned_data["body"].strip(),
            author=request.user,
        )
    except DecryptionFailed:
        form.add_error(None, _("The request could not be decrypted, so the reply was not sent."))
        return _detail_page(request, help_request, form)
    messages.success(request, _("The reply was sent. The requester reads it with their code."))
    return redirect(detail_url)


@coordinator_only
@require_GET
def request_file(request: AuthedRequest, pk: int, file_pk: int, variant: str) -> HttpResponse:
    help_request = get_object_or_404(HelpRequest, pk=pk)
    attachment = get_object_or_404(
        RequestFile.objects.select_related("file"), pk=file_pk, request=help_request
    )
    cleaned = variant == "cleaned"
    if variant not in ("original", "cleaned") or (cleaned and not attachment.file.cleaned_name):
        raise Http404
    detail_url = reverse("helpdesk:request-detail", kwargs={"pk": pk})
    state = _key_state(request, help_request, request.get_full_path())
    if state.redirect is not None:
        return state.redirect
    if state.data_key is None:
        return redirect(detail_url)
    try:
        details = file_details(state.data_key, attachment.file)
        data = file_read(state.data_key, attachment.file, cleaned=cleaned)
    except (DecryptionFailed, FileNotFoundError):
        return error_page(
            request,
            409,
            _("This file could not be decrypted"),
            _(
                "It may have been altered or damaged on the server. Nothing was changed; the "
                "other files and the request are unaffected. Tell an administrator."
            ),
        )
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        obj=help_request,
        context={"file": attachment.pk, "copy": variant},
    )
    response = HttpResponse(data, content_type=attachment.file.media_type)
    name = download_name(details, attachment.file, cleaned=cleaned)
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")


@coordinator_only
@require_POST
def request_grant(request: AuthedRequest, pk: int) -> HttpResponse:
    help_request = get_object_or_404(HelpRequest, pk=pk)
    detail_url = reverse("helpdesk:request-detail", kwargs={"pk": pk})
    state = _key_state(request, help_request, detail_url)
    if state.redirect is not None:
        return state.redirect
    if state.data_key is None:
        return redirect(detail_url)
    private_key = private_key_for(request)
    person = next(
        (
            p
            for p in _coordinators_without_access(help_request)
            if str(p.pk) == request.POST.get("user")
        ),
        None,
    )
    if person is None or private_key is None:
        messages.error(request, _("Choose a coordinator who has a key pair and no access yet."))
        return redirect(detail_url)
    request_grant_access(
        help_request=help_request, by=request.user, to=person, by_private_key=private_key
    )
    messages.success(request, _("%(name)s can now read this request.") % {"name": person})
    return redirect(detail_url)
