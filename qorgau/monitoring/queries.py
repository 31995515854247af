"""Public reads: the filtered list, one published incident with what the public may see of it, and
the figures by dimension. Everything here starts from `IncidentFilter.apply`, so published
incidents only, and every figure is the count of the list the same filter gives."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qorgau.core.models import localized
from qorgau.monitoring.filters import UNKNOWN, IncidentFilter, vocabulary
from qorgau.monitoring.models import Incident, IncidentType, Rollup
from qorgau.monitoring.models_people import (
    Gender,
    IncidentPerpetrator,
    IncidentVictim,
    VictimRole,
)
from qorgau.monitoring.models_record import Proceeding, Source, Update

# What each figure counts, shown beside it on the page, in the API docs and in the report.
RULES: dict[str, Any] = {
    "incidents": gettext_lazy("Each published incident that matches the filter counts once."),
    "persons": gettext_lazy(
        "Each person or outlet affected counts once per incident; someone targeted in three "
        "incidents counts three times."
    ),
    "month": gettext_lazy(
        "Each incident counts once, in the month it began. Incidents known only to the year are "
        "shown apart."
    ),
    "type": gettext_lazy(
        "An incident counts once under each type of violation it involves, so the rows add up to "
        "more than the number of incidents."
    ),
    "group": gettext_lazy(
        "An incident counts once in each group that one of its violations belongs to."
    ),
    "rollup": gettext_lazy(
        "An incident counts once in each of the three kinds (physical; non-physical and online; "
        "judicial and economic) that one of its violations falls under."
    ),
    "region": gettext_lazy("Each incident counts once, in the region where it happened."),
    "perpetrator": gettext_lazy(
        "An incident counts once under each kind of perpetrator named, whatever the confidence "
        "of the attribution."
    ),
    "state": gettext_lazy(
        "An incident counts as state when at least one perpetrator is a state actor, and as "
        "non-state when at least one is not; it may count as both."
    ),
    "gender": gettext_lazy(
        "Persons: each person affected counts once per incident. Incidents: an incident counts "
        "once for each gender among those affected."
    ),
    "role": gettext_lazy(
        "Persons: each person affected counts once per incident, in the role they had in it. "
        "Incidents: an incident counts once for each role among those affected."
    ),
}
DIMENSIONS = (
    "month",
    "type",
    "group",
    "rollup",
    "region",
    "perpetrator",
    "state",
    "gender",
    "role",
)


@dataclass
class Figure:
    key: str
    label: str
    count: int
    persons: int | None = None


@dataclass
class Breakdown:
    dimension: str
    rule: str
    rows: list[Figure] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(row.count for row in self.rows)


def incident_list(flt: IncidentFilter) -> QuerySet[Incident]:
    """The page of incidents with what the list shows: region and types in one query each."""
    return (
        flt.apply()
        .select_related("region")
        .prefetch_related(
            Prefetch("type_links", queryset=IncidentType.objects.only("incident_id", "type_id"))
        )
    )


def published_incident(pk: int) -> Incident:
    """One published incident with its public record, or 404 (unpublished ones do not exist for
    the public)."""
    incident = (
        Incident.objects.filter(pk=pk, status=Incident.Status.PUBLISHED)
        .select_related("region")
        .prefetch_related(
            Prefetch("type_links", queryset=IncidentType.objects.only("incident_id", "type_id")),
            Prefetch(
                "victim_links",
                queryset=IncidentVictim.objects.select_related("victim", "victim__outlet"),
            ),
            Prefetch("perpetrator_links", queryset=IncidentPerpetrator.objects.all()),
            Prefetch("proceedings", queryset=Proceeding.objects.prefetch_related("history")),
            Prefetch("sources", queryset=Source.objects.all()),
            Prefetch("updates", queryset=Update.objects.all()),
        )
        .first()
    )
    if incident is None:
        raise Http404
    return incident


def totals(flt: IncidentFilter) -> dict[str, int]:
    found = flt.apply().order_by().aggregate(incidents=Count("id"), persons=Sum("victim_count"))
    return {"incidents": found["incidents"] or 0, "persons": found["persons"] or 0}


def breakdown(flt: IncidentFilter, dimension: str) -> Breakdown:
    """The figures of one dimension for the filtered incidents, largest first (months in order)."""
    if dimension not in DIMENSIONS:
        raise ValueError(dimension)
    ids = flt.apply().order_by().values("id")
    rows: Any
    result = Breakdown(dimension, str(RULES[dimension]))
    terms = vocabulary()
    if dimension == "month":
        result.rows = _months(ids)
        return result
    if dimension == "region":
        rows = (
            Incident.objects.filter(pk__in=ids)
            .order_by()
            .values_list("region_id")
            .annotate(n=Count("id"))
        )
        names = terms["region"]
        result.rows = [
            Figure(
                code or UNKNOWN, names[code].label if code in names else _("region not known"), n
            )
            for code, n in rows
        ]
    elif dimension in ("type", "group", "rollup"):
        column = {"type": "type_id", "group": "group_id", "rollup": "type__rollup"}[dimension]
        rows = (
            IncidentType.objects.filter(incident_id__in=ids)
            .order_by()
            .values_list(column)
            .annotate(n=Count("incident_id", distinct=dimension != "type"))
        )
        labels: dict[str, str] = (
            {code: str(label) for code, label in Rollup.choices}
            if dimension == "rollup"
            else {code: term.label for code, term in terms[dimension].items()}
        )
        result.rows = [Figure(code, str(labels.get(code, code)), n) for code, n in rows]
    elif dimension in ("perpetrator", "state"):
        column = "kind_id" if dimension == "perpetrator" else "is_state"
        rows = (
            IncidentPerpetrator.objects.filter(incident_id__in=ids)
            .order_by()
            .values_list(column)
            .annotate(n=Count("incident_id", distinct=True))
        )
        if dimension == "perpetrator":
            names = terms["perpetrator"]
            result.rows = [
                Figure(code, names[code].label if code in names else code, n) for code, n in rows
            ]
        else:
            result.rows = [
                Figure("state" if s else "non_state", _("state") if s else _("non-state"), n)
                for s, n in rows
            ]
    else:  # gender, role: persons and incidents
        column = "gender" if dimension == "gender" else "role"
        choices = dict(Gender.choices if dimension == "gender" else VictimRole.choices)
        rows = (
            IncidentVictim.objects.filter(incident_id__in=ids)
            .order_by()
            .values_list(column)
            .annotate(n=Count("incident_id", distinct=True), persons=Count("id"))
        )
        result.rows = [
            Figure(value or UNKNOWN, str(choices.get(value, value)), n, persons)
            for value, n, persons in rows
        ]
    result.rows.sort(key=lambda row: (-row.count, row.label))
    return result


def _months(ids: QuerySet[Incident, Any]) -> list[Figure]:
    rows = (
        Incident.objects.filter(pk__in=ids)
        .order_by()
        .values_list("year", "month")
        .annotate(n=Count("id"))
    )
    known = {(y, m): n for y, m, n in rows if m}
    vague = {y: n for y, m, n in rows if not m}
    figures: list[Figure] = []
    if known:
        (y, m), last = min(known), max(known)
        while (y, m) <= last:
            label = date_format(_first(y, m), "YEAR_MONTH_FORMAT")
            figures.append(Figure(f"{y:04d}-{m:02d}", label, known.get((y, m), 0)))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    for year in sorted(vague):
        figures.append(
            Figure(f"{year:04d}", _("%(year)s, month not known") % {"year": year}, vague[year])
        )
    return figures


def _first(year: int, month: int) -> Any:
    from datetime import date

    return date(year, month, 1)


# --- what an incident shows the public --------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    date: Any
    text: str
    language: str
    kind: str  # "incident", "update", "proceeding"


def timeline(incident: Incident) -> list[TimelineEntry]:
    """The incident, its dated updates and the steps of its proceedings, in date order."""
    entries = [TimelineEntry(incident.date, incident.title, "", "incident")]
    for update in incident.updates.all():
        text, language = localized(update, "text")
        entries.append(TimelineEntry(update.date, text, language, "update"))
    for proceeding in incident.proceedings.all():
        for step in proceeding.history.all():
            text = f"{proceeding.get_kind_display()}: {step.get_stage_display()}"
            if proceeding.provision:
                text += f" ({proceeding.provision})"
            entries.append(TimelineEntry(step.date, text, "", "proceeding"))
    return sorted(entries, key=lambda entry: entry.date)


def type_labels(incident: Incident) -> list[str]:
    names = vocabulary()["type"]
    return [
        names[link.type_id].label if link.type_id in names else link.type_id
        for link in incident.type_links.all()
    ]


def iterate(queryset: QuerySet[Any, Any], chunk: int = 2000) -> Iterator[Any]:
    """Rows of a large query in key order, a chunk at a time (bounded memory, no server cursor
    needed, so it works the same on SQLite and PostgreSQL)."""
    last = 0
    while True:
        rows = list(queryset.filter(pk__gt=last).order_by("pk")[:chunk])
        if not rows:
            return
        yield from rows
        last = rows[-1]["id"] if isinstance(rows[-1], dict) else rows[-1].pk
