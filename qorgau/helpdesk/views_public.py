"""The public side of the help desk: the request form, the receipt, and the return page.

No step leaves a trail in the browser: forms post and redirect to addresses that carry nothing,
every page is `no-store`, and neither the code nor anything typed ever appears in a URL. Nothing
here records the visitor's address or browser (see docs/helpdesk.md).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qorgau.core.crypto import DecryptionFailed
from qorgau.core.uploads import MemoryOnlyUploadHandler
from qorgau.helpdesk import receipts
from qorgau.helpdesk.files import PreparedFile, prepare_uploads
from qorgau.helpdesk.forms_intake import (
    IntakeForm,
    MessageForm,
    ReceiptForm,
    new_form_token,
    read_form_token,
)
from qorgau.helpdesk.intake import (
    DuplicateSubmissionError,
    ReceiptExpiredError,
    ReceiptNotFoundError,
    data_key_for_receipt,
    files_read,
    message_send,
    messages_read,
    request_content,
    request_submit,
)
from qorgau.helpdesk.models import Case, HelpRequest


def private_page[V: Callable[..., HttpResponseBase]](view: V) -> V:
    """No cache anywhere, and the cookie key set when the view chose one."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        response.headers["Cache-Control"] = "no-store"
        if isinstance(response, HttpResponse):
            receipts.set_cookie(request, response)
        return response

    return wrapped  # type: ignore[return-value]


def memory_uploads[V: Callable[..., HttpResponseBase]](view: V) -> V:
    """Uploads stay in memory and stop at the help desk's file limit. The handler must be set
    before the body is read, so the CSRF check runs inside, after it is set."""
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method == "POST":
            request.upload_handlers = [
                MemoryOnlyUploadHandler(request, limit=settings.HELPDESK_MAX_FILE_BYTES)
            ]
        return protected(request, *args, **kwargs)

    return wrapped  # type: ignore[return-value]


def _base_url(request: HttpRequest) -> str:
    return str(getattr(settings, "HELPDESK_SITE_URL", "")) or request.build_absolute_uri("/")


def _limits() -> dict[str, int]:
    return {
        "max_file_mb": settings.HELPDESK_MAX_FILE_BYTES // (1024 * 1024),
        "max_files": settings.HELPDESK_MAX_FILES,
    }


def _refusal_text(refusal: receipts.LimitReachedError) -> str:
    if refusal.reason == "busy":
        return _("Many people are using the help desk right now. Wait a minute and try again.")
    return ngettext(
        "Too many attempts from this browser. Wait %(minutes)s minute and try again; what you "
        "typed is kept.",
        "Too many attempts from this browser. Wait %(minutes)s minutes and try again; what you "
        "typed is kept.",
        refusal.wait_minutes,
    ) % {"minutes": refusal.wait_minutes}


@memory_uploads
@private_page
@require_http_methods(["GET", "POST"])
def request_form(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        form = IntakeForm(
            initial={"form_token": new_form_token(), "language": request.LANGUAGE_CODE}
        )
        return _form_page(request, form)
    form = IntakeForm(request.POST)
    uploads = request.FILES.getlist("files")
    file_errors: list[str] = []
    prepared: list[PreparedFile] = []
    if form.is_valid():
        prepared, file_errors = prepare_uploads(uploads)
        nonce = read_form_token(form.cleaned_data["form_token"])
        if nonce is None:
            form.add_error(None, _("The form had expired. Check what you typed and send it again."))
        elif not file_errors:
            try:
                receipts.check_submission(request)
                submitted = request_submit(
                    facts=form.facts(),
                    content=form.content(),
                    files=prepared,
                    submission_token=nonce,
                    base_url=_base_url(request),
                    demographics=form.demographics(),
                )
            except receipts.LimitReachedError as refusal:
                form.add_error(None, _refusal_text(refusal))
            except DuplicateSubmissionError:
                if receipts.new_code_shown(request):
                    return redirect("helpdesk:received")
                form.add_error(
                    None,
                    _(
                        "This form was already received. If you did not see your receipt code, "
                        "send the form again (a new code will be made)."
                    ),
                )
            else:
                receipts.record_submission(request)
                receipts.remember_new_code(request, submitted.code)
                return redirect("helpdesk:received")
    # A fresh token: after an error the corrected form is a new submission.
    data = request.POST.copy()
    data["form_token"] = new_form_token()
    form.data = data
    return _form_page(request, form, file_errors=file_errors, had_files=bool(uploads))


def _form_page(
    request: HttpRequest,
    form: IntakeForm,
    *,
    file_errors: list[str] | None = None,
    had_files: bool = False,
) -> HttpResponse:
    context = {
        "form": form,
        "file_errors": file_errors or [],
        "had_files": had_files and (bool(file_errors) or bool(form.errors)),
        "onion_address": settings.ONION_ADDRESS,
        **_limits(),
    }
    return render(request, "helpdesk/public/request_form.html", context)


@private_page
@require_http_methods(["GET", "POST"])
def received(request: HttpRequest) -> HttpResponse:
    """The receipt code, shown while this browser session holds it; the requester may type it
    back to check they wrote it down correctly."""
    code = receipts.new_code_shown(request)
    context: dict[str, Any] = {"code": code, "form": ReceiptForm()}
    if request.method == "POST" and code:
        if request.POST.get("done"):
            receipts.forget_new_code(request)
            return redirect("helpdesk:status")
        form = ReceiptForm(request.POST)
        context["form"] = form
        if form.is_valid():
            if receipts.codes_match(form.cleaned_data["code"], code):
                receipts.forget_new_code(request)
                context.update(code=None, confirmed=True)
            else:
                form.add_error(
                    "code", _("This is not the same code. Compare it character by character.")
                )
    return render(request, "helpdesk/public/received.html", context)


@private_page
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    """The return page: type the code (POST, never in the address), then see the request."""
    if request.method == "POST":
        form = ReceiptForm(request.POST)
        if form.is_valid():
            try:
                receipts.check_receipt_attempt(request)
                help_request, data_key = data_key_for_receipt(form.cleaned_data["code"])
            except receipts.LimitReachedError as refusal:
                form.add_error("code", _refusal_text(refusal))
            except ReceiptExpiredError:
                receipts.record_failure(request)
                form.add_error(
                    "code",
                    _(
                        "This request has expired: its content and files were destroyed. If you "
                        "still need help, send a new request."
                    ),
                )
            except ReceiptNotFoundError:
                receipts.record_failure(request)
                form.add_error(
                    "code",
                    _("No request answers to this code. Check it and type it again."),
                )
            else:
                receipts.record_success(request)
                receipts.vault_open(request, request_id=help_request.pk, data_key=data_key)
                return redirect("helpdesk:status")
        return render(request, "helpdesk/public/status_enter.html", {"form": form})

    access = receipts.vault_access(request)
    shown = (
        HelpRequest.objects.filter(pk=access.request_id).select_related("region").first()
        if access
        else None
    )
    if access is None or shown is None or shown.status == HelpRequest.Status.EXPIRED:
        receipts.vault_close(request)
        return render(request, "helpdesk/public/status_enter.html", {"form": ReceiptForm()})
    return _status_page(request, shown, access.data_key, MessageForm())


def _status_page(
    request: HttpRequest,
    help_request: HelpRequest,
    data_key: bytes,
    form: MessageForm,
    file_errors: list[str] | None = None,
) -> HttpResponse:
    try:
        content = request_content(help_request=help_request, data_key=data_key)
    except DecryptionFailed:
        content = None
    context = {
        "help_request": help_request,
        "content": content,
        # Who reads what the requester writes: their lawyer too, once one took the case.
        "lawyer_on_case": Case.objects.filter(
            help_request=help_request, lawyer__isnull=False, accepted_at__isnull=False
        ).exists(),
        "messages_shown": messages_read(help_request=help_request, data_key=data_key),
        "files": files_read(help_request=help_request, data_key=data_key),
        "form": form,
        "file_errors": file_errors or [],
        **_limits(),
    }
    return render(request, "helpdesk/public/status.html", context)


@memory_uploads
@private_page
@require_POST
def status_message(request: HttpRequest) -> HttpResponse:
    """A message and/or files from the requester who typed their code."""
    access = receipts.vault_access(request)
    help_request = HelpRequest.objects.filter(pk=access.request_id).first() if access else None
    if help_request is not None and access is not None and not help_request.is_open:
        messages.info(
            request, _("This request is closed. If you need help again, send a new request.")
        )
        return redirect("helpdesk:status")
    if access is None or help_request is None:
        messages.info(
            request, _("For your safety you were signed out of your request. Type your code again.")
        )
        return redirect("helpdesk:status")
    form = MessageForm(request.POST)
    uploads = request.FILES.getlist("files")
    file_errors: list[str] = []
    if form.is_valid():
        prepared, file_errors = prepare_uploads(uploads)
        body = form.cleaned_data["body"].strip()
        if not body and not prepared and not file_errors:
            form.add_error("body", _("Write a message or choose a file."))
        elif not file_errors:
            try:
                message_send(
                    help_request=help_request,
                    data_key=access.data_key,
                    body=body,
                    files=prepared,
                    base_url=_base_url(request),
                )
            except DecryptionFailed:
                form.add_error(None, _("Your request could not be opened. Type your code again."))
            else:
                if Case.objects.filter(
                    help_request=help_request, lawyer__isnull=False, accepted_at__isnull=False
                ).exists():
                    messages.success(
                        request, _("Sent. Your lawyer and the coordinators have been told.")
                    )
                else:
                    messages.success(request, _("Sent. The coordinators have been told."))
                return redirect("helpdesk:status")
    return _status_page(request, help_request, access.data_key, form, file_errors)


@private_page
@require_POST
def status_leave(request: HttpRequest) -> HttpResponse:
    receipts.vault_close(request)
    messages.info(request, _("You left your request. Your code opens it again."))
    return redirect("helpdesk:status")


@private_page
@require_GET
def quick_exit(request: HttpRequest) -> HttpResponse:
    """A blank page: the quick-exit button leads here, and closes the requester's access."""
    receipts.vault_close(request)
    return render(request, "helpdesk/public/exit.html")
