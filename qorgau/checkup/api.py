"""API of the check-up: POST a draft, get the report. Nothing is stored."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from qorgau.checkup.engine import InputTooLarge, check

router = Router(tags=["checkup"])


class CheckIn(Schema):
    text: str
    lang: str = "auto"
    ui_lang: str = "en"
    ai_assisted: bool = False
    redact: bool = False


class FindingOut(Schema):
    category: str
    type: str
    start: int
    end: int
    text: str
    severity: str
    message: str
    recommendation: str
    citations: list[str]


class ReportOut(Schema):
    languages: list[str]
    word_count: int
    risk: str
    findings: list[FindingOut]
    redacted: str | None


@router.post("", response=ReportOut, auth=None, summary="Check a draft for legal risks")
def check_draft(request: HttpRequest, payload: CheckIn) -> Any:
    if payload.lang not in ("auto", "kk", "ru", "en"):
        raise HttpError(422, _("The language must be auto, kk, ru or en."))
    try:
        report = check(
            payload.text,
            lang=payload.lang,
            ui_lang=payload.ui_lang,
            ai_assisted=payload.ai_assisted,
            redact=payload.redact,
        )
    except InputTooLarge as error:
        raise HttpError(413, _("The text is too long to check at once.")) from error
    return report.as_dict()
