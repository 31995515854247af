"""Open data: published incidents, their figures and exports, at /api/v1/incidents. Public (no
token), read-only; the same filter parameters as the list page."""

from __future__ import annotations

from typing import Any

from django.core.paginator import EmptyPage, Paginator
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.errors import ValidationError

from qorgau.core.models import localized
from qorgau.monitoring import exports, queries
from qorgau.monitoring.filters import IncidentFilter, vocabulary
from qorgau.monitoring.models import Incident
from qorgau.monitoring.schemas import (
    FigureOut,
    IncidentOut,
    IncidentPageOut,
    IncidentQuery,
)

router = Router(tags=["monitoring"])
MAX_PAGE_SIZE = 200
GROUPS = ("type", "region", "month", "perpetrator", "gender", "group", "rollup", "state", "role")


def _invalid(problems: list[dict[str, str]]) -> ValidationError:
    """The API's one error shape (422, code `invalid`, a detail per field), translated."""
    return ValidationError([{"loc": ("query", p["field"]), "msg": p["problem"]} for p in problems])


def _filter(request: HttpRequest) -> IncidentFilter:
    flt = IncidentFilter(request.GET)
    if not flt.is_valid():
        raise _invalid(flt.errors_as_details())
    return flt


def _item(request: HttpRequest, incident: Incident, type_names: dict[str, str]) -> dict[str, Any]:
    title, language = localized(incident, "title")
    region = vocabulary()["region"].get(incident.region_id or "")
    return {
        "id": incident.pk,
        "url": request.build_absolute_uri(reverse("monitoring:incident", args=[incident.pk])),
        "title": title,
        "language": language,
        "date": incident.date,
        "date_precision": incident.date_precision,
        "end_date": incident.end_date,
        "region": incident.region_id,
        "region_name": region.label if region else "",
        "settlement": incident.settlement,
        "context": incident.context,
        "verification": incident.verification,
        "types": [link.type_id for link in incident.type_links.all()],
        "victim_count": incident.victim_count,
        "published_at": incident.published_at,
    }


@router.get(
    "",
    response=IncidentPageOut,
    auth=None,
    summary="Published incidents, filtered and paginated",
)
def incident_list(
    request: HttpRequest,
    filters: Query[IncidentQuery],
    page: int = 1,
    page_size: int = 50,
) -> Any:
    flt = _filter(request)
    if page < 1 or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise _invalid(
            [
                {
                    "field": "page" if page < 1 else "page_size",
                    "problem": _("Pages start at 1 and hold 1 to %(max)d incidents.")
                    % {"max": MAX_PAGE_SIZE},
                }
            ]
        )
    paginator = Paginator(queries.incident_list(flt), page_size)
    try:
        current = paginator.page(page)
        items = list(current.object_list)
    except EmptyPage:
        current, items = None, []
    type_names = {code: term.label for code, term in vocabulary()["type"].items()}

    def link(number: int) -> str:
        return request.build_absolute_uri(
            f"?{flt.query(page=str(number), page_size=str(page_size))}"
        )

    return {
        "count": paginator.count,
        "page": page,
        "page_size": page_size,
        "next": link(page + 1) if current and current.has_next() else None,
        "previous": link(page - 1) if current and current.has_previous() else None,
        "filter": flt.summary(),
        "items": [_item(request, incident, type_names) for incident in items],
    }


@router.get(
    "/stats",
    response=list[FigureOut],
    auth=None,
    summary="Counts of the filtered incidents by one dimension",
    description="group_by: type, region, month, perpetrator, gender (also group, rollup, state, "
    "role). `count` is the number of incidents, the same as the list with that value added to the "
    "filter; for gender and role, `persons` counts the people affected. "
    + " ".join(f"{name}: {rule}" for name, rule in queries.RULES.items() if name in GROUPS),
)
def incident_stats(request: HttpRequest, filters: Query[IncidentQuery], group_by: str) -> Any:
    if group_by not in GROUPS:
        raise _invalid(
            [
                {
                    "field": "group_by",
                    "problem": _("Choose one of: %(choices)s.") % {"choices": ", ".join(GROUPS)},
                }
            ]
        )
    flt = _filter(request)
    return [row.__dict__ for row in queries.breakdown(flt, group_by).rows]


def _export(request: HttpRequest, kind: str) -> StreamingHttpResponse:
    flt = _filter(request)
    try:
        columns = exports.parse_columns(request.GET.getlist("columns"))
    except exports.ColumnError as error:
        raise _invalid([{"field": "columns", "problem": str(error)}]) from error
    rows = exports.records(flt, columns, request.build_absolute_uri("/")[:-1])
    if kind == "csv":
        response = StreamingHttpResponse(
            exports.csv_lines(rows, columns), content_type="text/csv; charset=utf-8"
        )
    else:
        response = StreamingHttpResponse(
            exports.json_chunks(rows), content_type="application/json; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="qorgau-incidents.{kind}"'
    return response


@router.get(
    "/export.csv",
    auth=None,
    summary="The filtered incidents as CSV (streamed)",
    description="columns: comma-separated or repeated, any of "
    + ", ".join(exports.COLUMNS)
    + ". id and url always come first.",
)
def export_csv(
    request: HttpRequest, filters: Query[IncidentQuery], columns: str = ""
) -> StreamingHttpResponse:
    return _export(request, "csv")


@router.get(
    "/export.json",
    auth=None,
    summary="The filtered incidents as a JSON array (streamed)",
    description="columns: as for export.csv.",
)
def export_json(
    request: HttpRequest, filters: Query[IncidentQuery], columns: str = ""
) -> StreamingHttpResponse:
    return _export(request, "json")


@router.get("/{int:incident_id}", response=IncidentOut, auth=None, summary="One published incident")
def incident_detail(request: HttpRequest, incident_id: int) -> Any:
    incident = queries.published_incident(incident_id)
    terms = vocabulary()
    type_names = {code: term.label for code, term in terms["type"].items()}
    out = _item(request, incident, type_names)
    summary, _language = localized(incident, "summary")
    out.update(
        {
            "summary": summary,
            **{
                f"{field}_{lang}": getattr(incident, f"{field}_{lang}")
                for field in ("title", "summary")
                for lang in ("kk", "ru", "en")
            },
            "groups": sorted({terms["type"][t].parent for t in out["types"] if t in terms["type"]}),
            "impunity": incident.impunity,
            "sdg_16_10_1": incident.sdg_16_10_1,
            "victims": [
                {
                    "name": link.victim.public_name,
                    "kind": link.victim.kind,
                    "role": link.role,
                    "gender": link.gender,
                    "medium": link.victim.medium,
                    "outlet": link.victim.outlet.name if link.victim.outlet else "",
                }
                for link in incident.victim_links.all()
            ],
            "perpetrators": [
                {
                    "kind": link.kind_id,
                    "label": terms["perpetrator"][link.kind_id].label
                    if link.kind_id in terms["perpetrator"]
                    else link.kind_id,
                    "is_state": link.is_state,
                    "confidence": link.confidence,
                }
                for link in incident.perpetrator_links.all()
            ],
            "proceedings": [
                {
                    "kind": p.kind,
                    "provision": p.provision,
                    "court": p.court,
                    "stage": p.stage,
                    "outcome": p.outcome,
                    "sentence": p.sentence,
                    "fine_kzt": p.fine_kzt,
                    "damages_claimed_kzt": p.damages_claimed_kzt,
                    "damages_awarded_kzt": p.damages_awarded_kzt,
                    "history": [{"stage": s.stage, "date": s.date} for s in p.history.all()],
                }
                for p in incident.proceedings.all()
            ],
            "sources": [
                {
                    "title": s.title,
                    "url": s.url,
                    "outlet": s.outlet,
                    "date": s.date,
                    "archive_url": s.archive_url,
                }
                for s in incident.sources.all()
            ],
            "appeals": [
                {"kind": a.kind, "date": a.date, "body": a.body, "text": a.text, "url": a.url}
                for a in incident.appeals.all()
            ],
            "updates": [
                {"date": u.date, "text": text, "language": language}
                for u in incident.updates.all()
                for text, language in [localized(u, "text")]
            ],
            "collections": [{"code": c.slug, "title": c.title} for c in incident.collections.all()],
            "online_violence": _online_violence(incident),
        }
    )
    return out


def _online_violence(incident: Incident) -> dict[str, Any] | None:
    online = queries.online_violence(incident)
    if online is None:
        return None
    values = online.public_values()
    values["warning_signs"] = [
        {"code": sign.code, "text": sign.text} for sign in values["warning_signs"]
    ]
    return values
