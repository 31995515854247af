"""The draft as HTML with each finding marked, shared by the page, the PDF and the CLI."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from qorgau.checkup.engine import Report
from qorgau.checkup.engine.model import SEVERITIES


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
