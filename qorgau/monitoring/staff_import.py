"""The monitors' import page: check a CSV file (a dry run, row by row), then import it all or
nothing. Between the two steps the checked file waits under QORGAU_VAR_DIR, sealed, because rows
may name victims and carry internal notes; the form carries only a signed token bound to the
person who checked it."""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qorgau.accounts.models import Role
from qorgau.core.crypto import DecryptionFailed, secret_key_seal, secret_key_unseal
from qorgau.core.models import AuditEvent
from qorgau.core.permissions import AuthedRequest, role_required
from qorgau.core.services import audit_record
from qorgau.core.uploads import MemoryOnlyUploadHandler
from qorgau.monitoring import importing
from qorgau.monitoring.importing import MAX_BYTES, ImportReport

PURPOSE = b"qorgau.monitoring.import-file.v1"
PERSON = b"qorgau-import"
SIGNED_AS = "qorgau.monitoring.import"
KEEP_SECONDS = 3600
FORM_OVERHEAD = 64 * 1024  # multipart boundaries and the CSRF field around the file
TEMPLATE = Path(importing.__file__).resolve().parent / "data" / "import_template.csv"

COLUMN_HELP: tuple[tuple[str, Any], ...] = (
    ("title_kk, title_ru, title_en", gettext_lazy("title in each language; at least one")),
    ("summary_kk, summary_ru, summary_en", gettext_lazy("summary in each language")),
    ("date", gettext_lazy("required: 2026, 2026-10 or 2026-10-05 (the precision follows)")),
    ("end_date", gettext_lazy("optional last day: 2026-10-07")),
    ("region", gettext_lazy("ISO 3166-2:KZ code, e.g. KZ-75")),
    ("settlement", gettext_lazy("city or village")),
    ("context", gettext_lazy("context code (protest, online, court…) or empty")),
    ("types", gettext_lazy("violation type codes, e.g. detention|obstruction")),
    ("perpetrators", gettext_lazy("kind codes with an optional confidence: police=confirmed")),
    ("victim_roles", gettext_lazy("one role code per victim: journalist, camera, outlet…")),
    ("victim_genders", gettext_lazy("in the same order: female, male, other or empty")),
    ("victim_names", gettext_lazy("in the same order; kept private unless consent is yes")),
    ("victim_outlets", gettext_lazy("in the same order: outlet names (created when new)")),
    ("victim_consent", gettext_lazy("in the same order: yes or no (default no)")),
    ("proceedings", gettext_lazy("kind=provision, e.g. criminal=kz-cc:274:2")),
    ("sources", gettext_lazy("addresses of the sources")),
    ("tags", gettext_lazy("tag codes (created when new)")),
    ("status", gettext_lazy("received (default), review, verified or published")),
    ("verification", gettext_lazy("unverified (default), partly or verified")),
    ("internal_notes", gettext_lazy("for monitors only, never public")),
)


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV file"))


# --- The checked file, sealed, between the two steps.


def _folder() -> Path:
    return Path(settings.VAR_DIR) / "tmp" / "monitoring-import"


def _path(file_id: str) -> Path:
    return _folder() / f"{file_id}.sealed"


def _aad(user_pk: int, file_id: str) -> bytes:
    return PURPOSE + f":{user_pk}:{file_id}".encode()


def remove_stale(now: float | None = None) -> None:
    """Checked files nobody imported within the hour are removed."""
    folder = _folder()
    if not folder.is_dir():
        return
    limit = (now or time.time()) - KEEP_SECONDS
    for path in folder.glob("*.sealed"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except FileNotFoundError:
            continue


def keep_checked_file(raw: bytes, *, user_pk: int) -> tuple[str, str]:
    """Seal and store the file; the answer is its name and the token the confirm form
    carries."""
    file_id = secrets.token_hex(16)
    folder = _folder()
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f"{file_id}.part"
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(secret_key_seal(raw, purpose=PURPOSE, person=PERSON, aad=_aad(user_pk, file_id)))
    partial.replace(_path(file_id))
    return file_id, signing.dumps({"file": file_id, "user": user_pk}, salt=SIGNED_AS)


class CheckedFileGone(Exception):  # noqa: N818 (a state, not a fault)
    """The token is not this person's, has expired, or its file was imported or removed."""


def take_checked_file(token: str, *, user_pk: int) -> tuple[str, bytes]:
    """The file the token names, removed from the disk (one import per check)."""
    try:
        value = signing.loads(token, salt=SIGNED_AS, max_age=KEEP_SECONDS)
    except signing.BadSignature as error:
        raise CheckedFileGone from error
    file_id = str(value.get("file", "")) if isinstance(value, dict) else ""
    if not file_id.isalnum() or value.get("user") != user_pk:
        raise CheckedFileGone
    path = _path(file_id)
    try:
        sealed = path.read_bytes()
    except FileNotFoundError as error:
        raise CheckedFileGone from error
    path.unlink(missing_ok=True)
    try:
        plain = secret_key_unseal(
            sealed, purpose=PURPOSE, person=PERSON, aad=_aad(user_pk, file_id)
        )
    except DecryptionFailed:
        raise CheckedFileGone from None
    return file_id, plain


# --- Pages.


def _audit(request: AuthedRequest, report: ImportReport, *, file_id: str) -> None:
    """Counts only: never a row's content."""
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.VIEW if report.dry_run else AuditEvent.Action.CREATE,
        object_type="monitoring.import",
        object_id=file_id,
        context={
            "step": "import-check" if report.dry_run else "import",
            "rows": len(report.rows),
            "rows_with_errors": sum(1 for row in report.rows if row.errors),
            "file_errors": len(report.errors),
            "created": report.created,
        },
    )


def _page(request: HttpRequest, status: int = 200, **context: Any) -> HttpResponse:
    context.setdefault("form", ImportForm())
    context |= {"columns": COLUMN_HELP, "max_mb": MAX_BYTES // (1024 * 1024)}
    report = context.get("report")
    if report is not None:
        context["invalid_rows"] = sum(1 for row in report.rows if row.errors)
        context["valid_rows"] = len(report.rows) - context["invalid_rows"]
    return render(request, "monitoring/staff/import.html", context, status=status)


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _too_large() -> str:
    return _("The file is larger than 20 MB.")


@csrf_exempt  # the upload handler must be set before the CSRF check reads the body...
@require_http_methods(["GET", "POST"])
@role_required(Role.MONITOR)
def import_page(request: AuthedRequest) -> HttpResponse:
    remove_stale()
    if request.method == "POST":
        if _declared_length(request) > MAX_BYTES + FORM_OVERHEAD:
            # Refused before anything reads the body.
            return _page(request, status=413, file_errors=[_too_large()])
        request.upload_handlers = [MemoryOnlyUploadHandler(request, limit=MAX_BYTES)]
    return _check(request)


@csrf_protect  # ...and the check itself runs here, as for any other form
def _check(request: AuthedRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, status=400, form=form)
    upload = form.cleaned_data["file"]
    file_id = secrets.token_hex(8)
    if getattr(upload, "too_large", False) or upload.size > MAX_BYTES:
        raw, report = b"", ImportReport(errors=[_too_large()], dry_run=True)
    else:
        raw = upload.read()
        report = importing.import_file(raw, actor=request.user, dry_run=True)
    token = ""
    if report.ok:
        file_id, token = keep_checked_file(raw, user_pk=request.user.pk)
    _audit(request, report, file_id=file_id)
    return _page(
        request,
        status=200 if report.ok else 400,
        form=ImportForm(),
        report=report,
        token=token,
        file_name=upload.name,
    )


@require_POST
@role_required(Role.MONITOR)
def import_confirm(request: AuthedRequest) -> HttpResponse:
    remove_stale()
    try:
        file_id, raw = take_checked_file(request.POST.get("token", ""), user_pk=request.user.pk)
    except CheckedFileGone:
        return _page(
            request,
            status=400,
            file_errors=[
                _(
                    "This check has expired or was already imported. Choose the file and "
                    "check it again."
                )
            ],
        )
    # The checks run again inside the all-or-nothing transaction: codes may have been retired
    # or regions changed since the dry run.
    report = importing.import_file(raw, actor=request.user, dry_run=False)
    _audit(request, report, file_id=file_id)
    return _page(request, status=200 if report.ok else 400, report=report)


@require_GET
@role_required(Role.MONITOR)
def import_template(request: AuthedRequest) -> FileResponse:
    return FileResponse(
        TEMPLATE.open("rb"),
        as_attachment=True,
        filename="qorgau-import-template.csv",
        content_type="text/csv; charset=utf-8",
    )
