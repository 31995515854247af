"""The check-up page: no account, nothing stored, works without JavaScript."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from qorgau.checkup.engine import Report, check
from qorgau.checkup.engine.model import SEVERITIES
from qorgau.checkup.forms import CheckForm
from qorgau.core.i18n import active_language


def highlighted(text: str, report: Report) -> SafeString:
    """The draft with each finding marked; overlapping findings take the most severe mark."""
    marks: list[tuple[int, int, str, int]] = []
    for number, finding in enumerate(report.findings, start=1):
        if finding.end > finding.start:
            marks.append((finding.start, finding.end, finding.severity, number))
    out: list[str] = []
    position = 0
    for start, end, severity, number in sorted(
        marks, key=lambda m: (m[0], -SEVERITIES.index(m[2]))
    ):
        if start < position:
            continue
        out.append(escape(text[position:start]))
        out.append(
            f'<mark class="risk-{severity}" id="span-{number}">'
            f'{escape(text[start:end])}<sup><a href="#finding-{number}">{number}</a></sup></mark>'
        )
        position = end
    out.append(escape(text[position:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece of the draft is escaped above


@never_cache
@require_http_methods(["GET", "POST"])
def check_page(request: HttpRequest) -> HttpResponse:
    form = CheckForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"form": form}
    if request.method == "POST" and form.is_valid():
        text = str(form.cleaned_data["text"])
        report = check(
            text,
            ui_lang=active_language(),
            ai_assisted=form.cleaned_data["ai_assisted"],
            redact=form.cleaned_data["redact"],
        )
        context |= {"report": report, "marked": highlighted(text, report)}
    return render(request, "checkup/check.html", context)
