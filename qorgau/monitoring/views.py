"""Public pages of the monitoring record (no account needed): the incident list, one incident, the
figures; and the staff page that produces the monthly report."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from qorgau.accounts.models import Role
from qorgau.core.permissions import AuthedRequest, role_required
from qorgau.core.services import audit_record
from qorgau.monitoring import charts, queries, reporting
from qorgau.monitoring.filters import UNKNOWN, IncidentFilter, vocabulary
from qorgau.monitoring.tilemap import tile_map

PAGE_SIZE = 25

# Which filter parameter narrows the list to one row of a figure.
DIMENSION_PARAMETER = {
    "type": "type",
    "group": "group",
    "rollup": "rollup",
    "region": "region",
    "perpetrator": "perpetrator",
    "state": "perpetrator_state",
    "gender": "victim_gender",
    "role": "victim_role",
}


TITLES = {
    "month": gettext_lazy("Incidents by month"),
    "type": gettext_lazy("Incidents by type of violation"),
    "group": gettext_lazy("Incidents by group of violations"),
    "rollup": gettext_lazy(
        "Incidents by kind: physical, non-physical and online, judicial and economic"
    ),
    "region": gettext_lazy("Incidents by region"),
    "perpetrator": gettext_lazy("Incidents by perpetrator"),
    "state": gettext_lazy("Incidents by state and non-state perpetrators"),
    "gender": gettext_lazy("Persons affected by gender"),
    "role": gettext_lazy("Persons affected by role"),
}


def _filter(request: HttpRequest) -> IncidentFilter:
    return IncidentFilter(request.GET)


@require_GET
def incident_list(request: HttpRequest) -> HttpResponse:
    flt = _filter(request)
    page = Paginator(queries.incident_list(flt), PAGE_SIZE).get_page(request.GET.get("page"))
    template = "monitoring/incident_list.html"
    if request.headers.get("HX-Request"):
        template += "#results"
    context = {
        "form": flt,
        "page": page,
        "query": flt.query(),
        "summary": flt.summary(),
        "type_names": {code: term.label for code, term in vocabulary()["type"].items()},
    }
    return render(request, template, context)


@require_GET
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = queries.published_incident(pk)
    context = {
        "incident": incident,
        "types": queries.type_labels(incident),
        "timeline": queries.timeline(incident),
        "online": queries.online_violence(incident),
        "perpetrator_names": {c: t.label for c, t in vocabulary()["perpetrator"].items()},
    }
    return render(request, "monitoring/incident_detail.html", context)


def figures(flt: IncidentFilter, *, link: str = "") -> dict[str, Any]:
    """Totals and every breakdown of the filtered incidents, each with its chart; rows link to the
    list they count when `link` (the list's address) is given. The report uses it too."""
    sections = []
    region_counts: dict[str, int] = {}
    for dimension in queries.DIMENSIONS:
        result = queries.breakdown(flt, dimension)
        chart_rows = [charts.Row(r.key, r.label, r.count) for r in result.rows]
        title = str(TITLES[dimension])
        if dimension == "month":
            chart = charts.column_chart(chart_rows, title=title)
        elif dimension == "region":
            names = {k: t.label for k, t in vocabulary()["region"].items()}
            region_counts = {r.key: r.count for r in result.rows if r.key != UNKNOWN}
            chart = tile_map(region_counts, names, title=title)
        else:
            chart = charts.bar_chart(chart_rows, title=title)
        rows = list(zip(result.rows, _row_links(flt, link, dimension, result.rows), strict=True))
        sections.append(
            {
                "dimension": dimension,
                "title": title,
                "rule": result.rule,
                "chart": chart,
                "rows": rows,
                "persons": dimension in ("gender", "role"),
            }
        )
    return {
        "totals": queries.totals(flt),
        "rules": {"incidents": queries.RULES["incidents"], "persons": queries.RULES["persons"]},
        "sections": sections,
    }


def _row_links(
    flt: IncidentFilter, link: str, dimension: str, rows: list[queries.Figure]
) -> list[str]:
    """For each row, the list it counts: the same filter with the row's value in its facet (the
    rest of the query string is written once: a figures page has hundreds of rows)."""
    if not link:
        return ["" for _row in rows]
    if dimension == "month":
        base = flt.query(date_from="", date_to="", page="")
        prefix = f"{link}?{base}&" if base else f"{link}?"
        return [
            f"{prefix}{urlencode({'date_from': r.key, 'date_to': r.key})}"
            if len(r.key) == 7
            else ""
            for r in rows  # a year whose month is not known: no list gives exactly that
        ]
    parameter = DIMENSION_PARAMETER[dimension]
    base = flt.query(**{parameter: "", "page": ""})
    prefix = f"{link}?{base}&" if base else f"{link}?"
    return [f"{prefix}{urlencode({parameter: r.key})}" for r in rows]


@require_GET
def stats(request: HttpRequest) -> HttpResponse:
    flt = _filter(request)
    context: dict[str, Any] = {"form": flt, "query": flt.query(), "summary": flt.summary()}
    if flt.is_valid():
        context.update(figures(flt, link=reverse("monitoring:incidents")))
    template = "monitoring/stats.html"
    if request.headers.get("HX-Request"):
        template += "#figures"
    return render(request, template, context)


@role_required(Role.MONITOR)
@require_http_methods(["GET", "POST"])
def staff_report(request: AuthedRequest) -> HttpResponse:
    """Monitors produce the monthly digest here, as PDF or HTML, and download it."""
    form = reporting.ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        content, content_type, extension = reporting.render_report(
            start=data["date_from"],
            end=data["date_to"],
            language=data["lang"],
            output_format=data["format"],
        )
        audit_record(
            actor=request.user,
            action="export",
            object_type="monitoring.report",
            context={
                "from": data["date_from"].isoformat(),
                "to": data["date_to"].isoformat(),
                "lang": data["lang"],
                "format": data["format"],
            },
        )
        response = HttpResponse(content, content_type=content_type)
        name = f"qorgau-monitoring-{data['date_from']:%Y-%m-%d}-{data['date_to']:%Y-%m-%d}"
        response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
        return response
    return render(request, "monitoring/report_generate.html", {"form": form})
