"""CSV and JSON exports of the filtered published incidents, streamed: rows are read a chunk at a
time in key order and written as they come, so a million rows export in bounded memory.

Only public fields can be chosen (`COLUMNS`); each record carries the address of its page.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from qorgau.monitoring.filters import IncidentFilter, vocabulary
from qorgau.monitoring.models import Incident, IncidentType
from qorgau.monitoring.models_people import IncidentPerpetrator

CHUNK = 2000  # rows per database read
PIECE = 500  # rows per piece of the response

# Columns read straight from the incident (all of them in Incident.PUBLIC_FIELDS).
PLAIN = (
    "title_kk",
    "title_ru",
    "title_en",
    "summary_kk",
    "summary_ru",
    "summary_en",
    "date",
    "date_precision",
    "end_date",
    "settlement",
    "context",
    "verification",
    "impunity",
    "sdg_16_10_1",
    "victim_count",
    "published_at",
)
COLUMNS = (
    "id",
    "url",
    *PLAIN,
    "region",
    "region_name",
    "types",
    "groups",
    "perpetrators",
    "state_perpetrator",
)
DEFAULT_COLUMNS = (
    "id",
    "url",
    "title_ru",
    "title_kk",
    "title_en",
    "date",
    "date_precision",
    "region",
    "region_name",
    "settlement",
    "context",
    "types",
    "groups",
    "perpetrators",
    "victim_count",
    "verification",
    "published_at",
)


class ColumnError(ValueError):
    pass


def parse_columns(raw: Iterable[str]) -> list[str]:
    """Chosen columns (comma-separated or repeated), in the order asked; `id` and `url` always
    come first."""
    asked = [c.strip() for value in raw for c in value.split(",") if c.strip()]
    unknown = [c for c in asked if c not in COLUMNS]
    if unknown:
        raise ColumnError(
            _("Unknown columns: %(unknown)s. Known: %(known)s.")
            % {"unknown": ", ".join(unknown), "known": ", ".join(COLUMNS)}
        )
    chosen = list(dict.fromkeys(asked)) or list(DEFAULT_COLUMNS)
    return ["id", "url", *[c for c in chosen if c not in ("id", "url")]]


def records(flt: IncidentFilter, columns: list[str], base_url: str) -> Iterator[dict[str, Any]]:
    """The export's records, one dict per incident, a chunk of rows per query. The language is
    taken now: the rows are read later, while the response streams."""
    return _records(flt, columns, base_url, translation.get_language() or "kk")


def _records(
    flt: IncidentFilter, columns: list[str], base_url: str, language: str
) -> Iterator[dict[str, Any]]:
    # Incident.PUBLIC_FIELDS is the list of what may leave; nothing else is ever selected.
    fields = ["id", "region_id", *[c for c in PLAIN if c in columns]]
    if not set(fields) <= set(Incident.PUBLIC_FIELDS):
        raise ColumnError("not a public field")
    terms = vocabulary()
    language_index = ("kk", "ru", "en").index(language) if language in ("kk", "ru", "en") else 2
    page_prefix = base_url + _page(0, language)[: -len("0/")]
    queryset = flt.apply().order_by().values(*fields)
    last = 0
    while True:
        rows = list(queryset.filter(pk__gt=last).order_by("pk")[:CHUNK])
        if not rows:
            return
        last = rows[-1]["id"]
        ids = [row["id"] for row in rows]
        types: dict[int, list[str]] = defaultdict(list)
        groups: dict[int, list[str]] = defaultdict(list)
        if "types" in columns or "groups" in columns:
            for incident_id, type_id, group_id in IncidentType.objects.filter(
                incident_id__in=ids
            ).values_list("incident_id", "type_id", "group_id"):
                types[incident_id].append(type_id)
                if group_id not in groups[incident_id]:
                    groups[incident_id].append(group_id)
        perpetrators: dict[int, list[str]] = defaultdict(list)
        state: dict[int, bool] = defaultdict(bool)
        if "perpetrators" in columns or "state_perpetrator" in columns:
            for incident_id, kind_id, is_state in IncidentPerpetrator.objects.filter(
                incident_id__in=ids
            ).values_list("incident_id", "kind_id", "is_state"):
                perpetrators[incident_id].append(kind_id)
                state[incident_id] |= is_state
        for row in rows:
            pk, region = row["id"], row["region_id"]
            term = terms["region"].get(region or "")
            extra = {
                "url": f"{page_prefix}{pk}/",
                "region": region or "",
                "region_name": term.names[language_index] if term else "",
                "types": types[pk],
                "groups": groups[pk],
                "perpetrators": perpetrators[pk],
                "state_perpetrator": state[pk],
            }
            yield {column: extra[column] if column in extra else row[column] for column in columns}


def _page(pk: int, language: str) -> str:
    with translation.override(language):
        return reverse("monitoring:incident", args=[pk])


class _Line:
    """A file-like object whose write returns what was written (csv.writer into a stream)."""

    def write(self, value: str) -> str:
        return value


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return "; ".join(value)
    if isinstance(value, bool):
        return "1" if value else "0"
    return "" if value is None else value


def csv_lines(rows: Iterator[dict[str, Any]], columns: list[str]) -> Iterator[str]:
    """The CSV text, a few hundred rows per piece (one piece per row costs more to send than to
    write)."""
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(columns)  # the mark lets spreadsheets read UTF-8
    batch: list[str] = []
    for row in rows:
        batch.append(writer.writerow([_plain(row[c]) for c in columns]))
        if len(batch) >= PIECE:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def json_chunks(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    yield "["
    separator = "\n"
    batch: list[str] = []
    for row in rows:
        batch.append(separator + json.dumps(row, ensure_ascii=False, default=_json_value))
        separator = ",\n"
        if len(batch) >= PIECE:
            yield "".join(batch)
            batch = []
    yield "".join(batch) + "\n]\n"


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(type(value).__name__)
