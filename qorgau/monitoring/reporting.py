"""The periodic digest (usually monthly): three blocks mapped from the violation groups, figures and
charts with the previous period beside them, the incidents with short summaries, and the
methodology; as HTML or as a PDF typeset by WeasyPrint. Used by `qorgau monitoring report` and by
the staff page `monitoring:staff-report`.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qorgau.monitoring import charts, queries
from qorgau.monitoring.filters import IncidentFilter, filter_from, vocabulary
from qorgau.monitoring.tilemap import tile_map

# The three blocks of the digest, as Kazakh monitors publish it, and the groups that feed each.
BLOCKS: list[tuple[str, Any, tuple[str, ...]]] = [
    (
        "rights",
        gettext_lazy("Violations of journalists' rights"),
        ("physical", "liberty", "obstruction", "digital", "harassment", "economic", "impunity"),
    ),
    (
        "information",
        gettext_lazy("Access to and dissemination of information"),
        ("information", "censorship"),
    ),
    ("claims", gettext_lazy("Legal claims"), ("legal",)),
]
MAX_LISTED = 300
SUMMARY_CHARS = 320
FORMATS = {"pdf": ("application/pdf", "pdf"), "html": ("text/html; charset=utf-8", "html")}


class ReportError(ValueError):
    pass


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period of the same length just before: whole calendar months give the same number of
    whole months before them (October → September), any other range the same number of days."""
    last_day = calendar.monthrange(end.year, end.month)[1]
    if start.day == 1 and end.day == last_day:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        year, month = start.year, start.month - months
        while month < 1:
            year, month = year - 1, month + 12
        return date(year, month, 1), start - timedelta(days=1)
    length = end - start
    return start - length - timedelta(days=1), start - timedelta(days=1)


@dataclass
class Block:
    code: str
    title: str
    groups: tuple[str, ...]
    count: int = 0
    previous: int = 0
    persons: int = 0
    rows: list[Any] = field(default_factory=list)
    chart: Any = ""
    incidents: list[dict[str, Any]] = field(default_factory=list)
    more: int = 0

    @property
    def change(self) -> str:
        return _change(self.count, self.previous)


def _change(now: int, before: int) -> str:
    if before == 0:
        return "—" if now == 0 else "+" + str(now)
    percent = round(100 * (now - before) / before)
    return f"{percent:+d} %"


def _period_filter(start: date, end: date, **extra: Any) -> IncidentFilter:
    flt = filter_from({"date_from": start.isoformat(), "date_to": end.isoformat(), **extra})
    if not flt.is_valid():
        raise ReportError("; ".join(flt.summary()) or str(flt.errors))
    return flt


def report_context(start: date, end: date) -> dict[str, Any]:
    """Everything the report shows, computed in the active language."""
    if start > end:
        raise ReportError(_("The start date is after the end date."))
    before_start, before_end = previous_period(start, end)
    now_flt = _period_filter(start, end)
    before_flt = _period_filter(before_start, before_end)
    totals, before_totals = queries.totals(now_flt), queries.totals(before_flt)
    type_names = {code: term.label for code, term in vocabulary()["type"].items()}
    blocks = []
    for code, title, groups in BLOCKS:
        flt = _period_filter(start, end, group=list(groups))
        previous_flt = _period_filter(before_start, before_end, group=list(groups))
        block = Block(code, str(title), groups)
        block_totals = queries.totals(flt)
        block.count, block.persons = block_totals["incidents"], block_totals["persons"]
        block.previous = queries.totals(previous_flt)["incidents"]
        by_type = [r for r in queries.breakdown(flt, "type").rows if _group_of(r.key) in groups]
        before_type = {
            r.key: r.count
            for r in queries.breakdown(previous_flt, "type").rows
            if _group_of(r.key) in groups
        }
        block.rows = [(r, before_type.get(r.key, 0)) for r in by_type]
        if by_type:
            block.chart = charts.bar_chart(
                [charts.Row(r.key, r.label, r.count) for r in by_type],
                title=block.title,
                previous=before_type,
            )
        listed = list(
            flt.apply().select_related("region").prefetch_related("type_links")[:MAX_LISTED]
        )
        block.more = max(0, block.count - len(listed))
        block.incidents = [_entry(incident, type_names) for incident in listed]
        blocks.append(block)
    regions = queries.breakdown(now_flt, "region")
    region_names = {k: t.label for k, t in vocabulary()["region"].items()}
    state = queries.breakdown(now_flt, "state")
    return {
        "start": start,
        "end": end,
        "before_start": before_start,
        "before_end": before_end,
        "totals": totals,
        "before_totals": before_totals,
        "change": _change(totals["incidents"], before_totals["incidents"]),
        "blocks": blocks,
        "regions": regions,
        "region_map": tile_map(
            {r.key: r.count for r in regions.rows},
            region_names,
            title=_("Incidents by region"),
        ),
        "state": state,
        "rules": queries.RULES,
        "date_rule": DATE_RULE,
        "generated": timezone.localtime(),
        "platform_name": settings.PLATFORM_NAME,
    }


DATE_RULE = gettext_lazy(
    "An incident is counted in the period in which it began. One known only to the month counts "
    "in that month; one known only to the year counts only in a period that covers that whole "
    "year. Only published incidents are counted; each shows how far it was verified."
)


def _group_of(type_code: str) -> str:
    term = vocabulary()["type"].get(type_code)
    return term.parent if term else ""


def _entry(incident: Any, type_names: dict[str, str]) -> dict[str, Any]:
    from qorgau.monitoring.templatetags.monitoring_public import incident_date

    summary = incident.summary
    if len(summary) > SUMMARY_CHARS:
        summary = summary[:SUMMARY_CHARS].rsplit(" ", 1)[0] + " …"
    return {
        "pk": incident.pk,
        "title": incident.title,
        "date": incident_date(incident),
        "region": incident.region.name if incident.region else "",
        "types": [type_names.get(link.type_id, link.type_id) for link in incident.type_links.all()],
        "summary": summary,
        "verification": incident.get_verification_display(),
    }


def render_report(
    *, start: date, end: date, language: str, output_format: str
) -> tuple[bytes, str, str]:
    """The report as bytes, with its content type and file extension."""
    if output_format not in FORMATS:
        raise ReportError(f"format must be pdf or html, not {output_format!r}")
    if language not in dict(settings.LANGUAGES):
        raise ReportError(f"language must be kk, ru or en, not {language!r}")
    with translation.override(language):
        context = report_context(start, end)
        context["period"] = _("%(start)s – %(end)s") % {
            "start": date_format(start, "DATE_FORMAT"),
            "end": date_format(end, "DATE_FORMAT"),
        }
        context["before_period"] = _("%(start)s – %(end)s") % {
            "start": date_format(context["before_start"], "DATE_FORMAT"),
            "end": date_format(context["before_end"], "DATE_FORMAT"),
        }
        context["language"] = language
        html = render_to_string("monitoring/report.html", context)
    content_type, extension = FORMATS[output_format]
    if output_format == "html":
        return html.encode("utf-8"), content_type, extension
    from weasyprint import HTML

    pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    return bytes(pdf or b""), content_type, extension


def run_report(**options: Any) -> Path:
    """`qorgau monitoring report --from … --to … --lang … --format … --output FILE`."""
    start = _as_date(options.get("date_from") or options.get("from"), "--from")
    end = _as_date(options.get("date_to") or options.get("to"), "--to")
    language = options.get("lang") or "ru"
    output_format = options.get("format") or "pdf"
    output = options.get("output")
    if not output:
        raise ReportError("--output FILE is required")
    content, _type, _extension = render_report(
        start=start, end=end, language=language, output_format=output_format
    )
    path = Path(output)
    path.write_bytes(content)
    return path


def _as_date(value: Any, name: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except (TypeError, ValueError) as error:
        raise ReportError(f"{name} must be a date as YYYY-MM-DD, not {value!r}") from error


class ReportForm(forms.Form):
    date_from = forms.DateField(
        label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=gettext_lazy("To"), widget=forms.DateInput(attrs={"type": "date"})
    )
    lang = forms.ChoiceField(
        label=gettext_lazy("Language of the report"), choices=settings.LANGUAGES
    )
    format = forms.ChoiceField(
        label=gettext_lazy("Format"), choices=[("pdf", "PDF"), ("html", "HTML")], initial="pdf"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data
