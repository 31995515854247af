"""The check-up pages: check a draft (no account, nothing stored, works without JavaScript),
download the report as PDF or the redacted copy as text, and, for a signed-in person who
chooses to, saved checks that only they can open."""

from __future__ import annotations

from django.contrib import messages
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from qorgau.checkup import queries, services
from qorgau.checkup.documents import MAX_UPLOAD_BYTES
from qorgau.checkup.engine import Report, check
from qorgau.checkup.forms import CheckForm, ResendForm, SaveForm
from qorgau.checkup.highlight import highlighted
from qorgau.checkup.models import SavedCheck
from qorgau.checkup.pdf import report_pdf
from qorgau.checkup.permissions import can_save_checks
from qorgau.core.i18n import active_language
from qorgau.core.permissions import AuthedRequest, login_required


class DraftUploadHandler(MemoryFileUploadHandler):
    """Uploads stay in memory whatever their size (a draft is never written to a temporary
    file); past the limit the rest is read and dropped, and the form reports the size."""

    def handle_raw_input(self, *args: object, **kwargs: object) -> None:
        self.activated = True

    def new_file(self, *args: object, **kwargs: object) -> None:
        self.received = 0
        super().new_file(*args, **kwargs)  # type: ignore[arg-type]

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.received += len(raw_data)
        if self.received <= MAX_UPLOAD_BYTES + 1:
            self.file.write(raw_data)


def _report_for(form: ResendForm | CheckForm, *, redact: bool) -> tuple[str, Report]:
    text = str(form.cleaned_data["text"])
    report = check(
        text,
        ui_lang=active_language(),
        ai_assisted=bool(form.cleaned_data.get("ai_assisted")),
        redact=redact,
    )
    return text, report


@never_cache
@csrf_exempt  # the upload handlers must be set before the CSRF check reads the body...
@require_http_methods(["GET", "POST"])
def check_page(request: HttpRequest) -> HttpResponse:
    request.upload_handlers = [DraftUploadHandler(request)]
    return _check_page(request)


@csrf_protect  # ...and the check itself runs here, as for any other form
def _check_page(request: HttpRequest) -> HttpResponse:
    form = CheckForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"form": form, "can_save": can_save_checks(request.user)}
    if request.method == "POST" and form.is_valid():
        text, report = _report_for(form, redact=bool(form.cleaned_data["redact"]))
        context |= {
            "report": report,
            "text": text,
            "marked": highlighted(text, report),
            "ai_assisted": form.cleaned_data["ai_assisted"],
            "save_form": SaveForm(),
        }
    return render(request, "checkup/check.html", context)


def _resend_refused() -> HttpResponse:
    return HttpResponse(
        _("Nothing to send back: check the draft on the check-up page first."),
        status=400,
        content_type="text/plain; charset=utf-8",
    )


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_POST
def report_pdf_download(request: HttpRequest) -> HttpResponse:
    form = ResendForm(request.POST)
    if not form.is_valid():
        return _resend_refused()
    text, report = _report_for(form, redact=False)
    stamp = timezone.localdate().isoformat()
    pdf = report_pdf(text, report, language=active_language())
    return _attachment(pdf, "application/pdf", f"checkup-{stamp}.pdf")


@never_cache
@require_POST
def redacted_download(request: HttpRequest) -> HttpResponse:
    form = ResendForm(request.POST)
    if not form.is_valid():
        return _resend_refused()
    _text, report = _report_for(form, redact=True)
    stamp = timezone.localdate().isoformat()
    body = (report.redacted or "").encode("utf-8")
    return _attachment(body, "text/plain; charset=utf-8", f"redacted-{stamp}.txt")


@login_required
@require_POST
def save(request: AuthedRequest) -> HttpResponse:
    form = SaveForm(request.POST)
    if not form.is_valid():
        return _resend_refused()
    text, report = _report_for(form, redact=False)
    title = str(form.cleaned_data["title"]).strip() or _default_title(text)
    saved = services.saved_check_create(
        owner=request.user,
        title=title,
        text=text,
        report=report,
        ai_assisted=bool(form.cleaned_data["ai_assisted"]),
    )
    messages.success(request, _("The check is saved. Only you can open it."))
    return redirect("checkup:saved-detail", pk=saved.pk)


def _default_title(text: str) -> str:
    first = " ".join(text.split()[:8])
    return first if len(first) <= 80 else first[:79] + "…"


@never_cache
@login_required
@require_http_methods(["GET"])
def saved_list(request: AuthedRequest) -> HttpResponse:
    rows = [
        {"check": saved, "title": _title_of(saved)}
        for saved in queries.saved_checks_of(request.user)
    ]
    return render(request, "checkup/saved_list.html", {"rows": rows})


def _title_of(saved: SavedCheck) -> str:
    try:
        return str(saved.content()["title"])
    except ValueError:  # sealed under a key the server no longer has
        return _("This check can no longer be opened: the server's key has changed.")


@never_cache
@login_required
@require_http_methods(["GET"])
def saved_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    saved = queries.access_saved_check(request.user, pk)
    try:
        content = saved.content()
    except ValueError as error:  # sealed under a key the server no longer has
        raise Http404 from error
    report = Report.from_dict(content["report"])
    text = str(content["text"])
    return render(
        request,
        "checkup/saved_detail.html",
        {
            "saved": saved,
            "title": content["title"],
            "report": report,
            "text": text,
            "marked": highlighted(text, report),
            "ai_assisted": bool(content.get("ai_assisted")),
        },
    )


@login_required
@require_POST
def saved_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    saved = queries.access_saved_check(request.user, pk)
    services.saved_check_delete(actor=request.user, saved=saved)
    messages.success(request, _("The saved check is deleted."))
    return redirect("checkup:saved")
