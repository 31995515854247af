"""Public reads: the filtered list, one published incident with what the public may see of it, and
the figures by dimension. Everything here starts from `IncidentFilter.apply`, so published
incidents only, and every figure is the count of the list the same filter gives."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from qorgau.core.models import localized
from qorgau.monitoring import cube
from qorgau.monitoring.filters import UNKNOWN, IncidentFilter, vocabulary
from qorgau.monitoring.models import Collection, Incident, IncidentType, Rollup
from qorgau.monitoring.models_people import (
    Gender,
    IncidentPerpetrator,
    IncidentVictim,
    VictimRole,
)
from qorgau.monitoring.models_record import Appeal, OnlineViolence, Proceeding, Source, Update

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


def incident_list(flt: IncidentFilter) -> Any:
    """The incidents for the list, newest first, to paginate: a QuerySet, or with a large record a
    sequence that takes its count and page from the in-memory columns (same order, same rows)."""
    columns = cube.current() if flt.is_valid() and not flt.cleaned_data.get("sort") else None
    if columns is not None:
        return CubePage(columns, columns.positions(columns.mask(flt)))
    return _with_list_details(flt.apply())


def _with_list_details(incidents: QuerySet[Incident]) -> QuerySet[Incident]:
    return incidents.select_related("region").prefetch_related(
        Prefetch("type_links", queryset=IncidentType.objects.only("incident_id", "type_id"))
    )


class CubePage:
    """What a Paginator needs: the count, and a slice of incidents read by id from the database."""

    def __init__(self, columns: cube.Cube, positions: Any) -> None:
        self.columns, self.positions = columns, positions

    def count(self) -> int:
        return len(self.positions)

    def __len__(self) -> int:
        return len(self.positions)

    def __getitem__(self, index: slice) -> list[Incident]:
        ids = [int(i) for i in self.columns.ids[self.positions[index]]]
        found = _with_list_details(
            Incident.objects.filter(pk__in=ids, status=Incident.Status.PUBLISHED)
        ).in_bulk()
        return [found[pk] for pk in ids if pk in found]


def published_incident(pk: int) -> Incident:
    """One published incident with its public record, or 404 (unpublished ones do not exist for
    the public)."""
    incident = (
        Incident.objects.filter(pk=pk, status=Incident.Status.PUBLISHED)
        .select_related("region", "online_violence")
        .prefetch_related(
            Prefetch("type_links", queryset=IncidentType.objects.only("incident_id", "type_id")),
            "online_violence__warning_signs",
            Prefetch(
                "victim_links",
                queryset=IncidentVictim.objects.select_related("victim", "victim__outlet"),
            ),
            Prefetch("perpetrator_links", queryset=IncidentPerpetrator.objects.all()),
            Prefetch("proceedings", queryset=Proceeding.objects.prefetch_related("history")),
            Prefetch("sources", queryset=Source.objects.all()),
            Prefetch("updates", queryset=Update.objects.all()),
            Prefetch("appeals", queryset=Appeal.objects.all()),
            Prefetch("collections", queryset=Collection.objects.filter(active=True)),
        )
        .first()
    )
    if incident is None:
        raise Http404
    return incident


def totals(flt: IncidentFilter) -> dict[str, int]:
    columns = cube.current() if flt.is_valid() else None
    if columns is not None:
        return columns.totals(columns.mask(flt))
    found = flt.apply().order_by().aggregate(incidents=Count("id"), persons=Sum("victim_count"))
    return {"incidents": found["incidents"] or 0, "persons": found["persons"] or 0}


def breakdown(flt: IncidentFilter, dimension: str) -> Breakdown:
    """The figures of one dimension for the filtered incidents, largest first (months in order)."""
    if dimension not in DIMENSIONS:
        raise ValueError(dimension)
    columns = cube.current() if flt.is_valid() else None
    counted: list[tuple[Any, int, int | None]]
    if columns is not None:
        counted = list(columns.counts(columns.mask(flt), dimension))
        if dimension == "month":
            counted = [(divmod(int(key), 13), n, p) for key, n, p in counted]
    else:
        counted = _counts_sql(flt, dimension)
    result = Breakdown(dimension, str(RULES[dimension]))
    if dimension == "month":
        result.rows = _months([(y, m, n) for (y, m), n, _p in counted])
        return result
    labels = _labels(dimension)
    result.rows = [
        Figure(key, str(labels.get(key, key)), n, persons) for key, n, persons in counted
    ]
    result.rows.sort(key=lambda row: (-row.count, row.label))
    return result


def _labels(dimension: str) -> dict[str, Any]:
    terms = vocabulary()
    if dimension in ("region", "type", "group", "perpetrator"):
        labels: dict[str, Any] = {code: t.label for code, t in terms[dimension].items()}
        if dimension == "region":
            labels[UNKNOWN] = _("region not known")
        return labels
    if dimension == "rollup":
        return dict(Rollup.choices)
    if dimension == "state":
        return {"state": _("state"), "non_state": _("non-state")}
    choices = Gender.choices if dimension == "gender" else VictimRole.choices
    return {value or UNKNOWN: label for value, label in choices}


def _counts_sql(flt: IncidentFilter, dimension: str) -> list[tuple[Any, int, int | None]]:
    """(key, incidents, persons or None) by SQL: the reference the columns are tested against."""
    incidents = flt.apply().order_by()
    ids = incidents.values("id")
    rows: Any
    if dimension == "month":
        rows = incidents.values_list("year", "month").annotate(n=Count("id"))
        return [((y, m or 0), n, None) for y, m, n in rows]
    if dimension == "region":
        rows = incidents.values_list("region_id").annotate(n=Count("id"))
        return [(code or UNKNOWN, n, None) for code, n in rows]
    if dimension in ("type", "group", "rollup"):
        column = {"type": "type_id", "group": "group_id", "rollup": "type__rollup"}[dimension]
        rows = (
            IncidentType.objects.filter(incident_id__in=ids)
            .order_by()
            .values_list(column)
            .annotate(n=Count("incident_id", distinct=dimension != "type"))
        )
        return [(code, n, None) for code, n in rows]
    if dimension in ("perpetrator", "state"):
        column = "kind_id" if dimension == "perpetrator" else "is_state"
        rows = (
            IncidentPerpetrator.objects.filter(incident_id__in=ids)
            .order_by()
            .values_list(column)
            .annotate(n=Count("incident_id", distinct=True))
        )
        if dimension == "state":
            return [("state" if s else "non_state", n, None) for s, n in rows]
        return [(code, n, None) for code, n in rows]
    column = "gender" if dimension == "gender" else "role"
    rows = (
        IncidentVictim.objects.filter(incident_id__in=ids)
        .order_by()
        .values_list(column)
        .annotate(n=Count("incident_id", distinct=True), persons=Count("id"))
    )
    return [(value or UNKNOWN, n, persons) for value, n, persons in rows]


def _months(rows: list[tuple[int, int, int]]) -> list[Figure]:
    known = {(y, m): n for y, m, n in rows if m}
    vague = {y: n for y, m, n in rows if not m}
    figures: list[Figure] = []
    if known:
        (y, m), last = min(known), max(known)
        while (y, m) <= last:
            label = _month_label(y, m, get_language() or "")
            figures.append(Figure(f"{y:04d}-{m:02d}", label, known.get((y, m), 0)))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    for year in sorted(vague):
        figures.append(
            Figure(f"{year:04d}", _("%(year)s, month not known") % {"year": year}, vague[year])
        )
    return figures


@lru_cache(maxsize=4096)
def _month_label(year: int, month: int, language: str) -> str:
    return date_format(_first(year, month), "YEAR_MONTH_FORMAT")


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


def online_violence(incident: Incident) -> OnlineViolence | None:
    """The incident's online violence details, when it has them (their public fields are
    `OnlineViolence.PUBLIC_FIELDS`)."""
    return getattr(incident, "online_violence", None)


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
