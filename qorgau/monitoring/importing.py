"""Bulk import of incidents from a CSV file (template: data/import_template.csv, documented in
docs/monitoring.md). A dry run reports row by row what would be created and every error; a real
run is all-or-nothing: one bad row and nothing is written.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qorgau.monitoring import services
from qorgau.monitoring.models import LANGUAGES, Incident, IncidentEvent, Tag
from qorgau.monitoring.models_people import Gender, VictimRole
from qorgau.monitoring.models_record import Proceeding
from qorgau.monitoring.services import (
    PerpetratorInput,
    ProceedingInput,
    SourceInput,
    VictimInput,
)

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
COLUMNS = (
    *(f"title_{lang}" for lang in LANGUAGES),
    *(f"summary_{lang}" for lang in LANGUAGES),
    "date",
    "end_date",
    "region",
    "settlement",
    "context",
    "types",
    "perpetrators",
    "victim_roles",
    "victim_genders",
    "victim_names",
    "victim_outlets",
    "victim_consent",
    "proceedings",
    "sources",
    "tags",
    "status",
    "verification",
    "internal_notes",
)
REQUIRED = ("date",)
SEPARATOR = "|"
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
IMPORT_STATUSES = ("received", "review", "verified", "published")


@dataclass
class RowReport:
    line: int
    title: str = ""
    errors: list[str] = field(default_factory=list)
    summary: str = ""
    incident_id: int | None = None  # once a real run has written the row


@dataclass
class ImportReport:
    rows: list[RowReport] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # about the file as a whole
    created: int = 0
    dry_run: bool = True

    @property
    def ok(self) -> bool:
        return not self.errors and not any(row.errors for row in self.rows)


class ImportFileError(ValueError):
    """The file cannot be read as the import template; the message is translated."""


def parse_date(text: str) -> tuple[datetime.date, str]:
    """`2026`, `2026-10` or `2026-10-05` → the first day it covers and its precision."""
    match = DATE_RE.match(text.strip())
    if not match:
        raise ValueError(text)
    year, month, day = match.groups()
    precision = "day" if day else "month" if month else "year"
    return datetime.date(int(year), int(month or 1), int(day or 1)), precision


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(SEPARATOR)] if value.strip() else []


def _at(values: list[str], index: int) -> str:
    return values[index] if index < len(values) else ""


def read_rows(raw: bytes) -> list[dict[str, str]]:
    if len(raw) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than 20 MB."))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(_("The file is not UTF-8 text.")) from error
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
        header = reader.fieldnames or []
        unknown = [name for name in header if name not in COLUMNS]
        if unknown:
            raise ImportFileError(
                _("Unknown column “%(name)s”. The template lists the columns.")
                % {"name": unknown[0]}
            )
        missing = [name for name in REQUIRED if name not in header]
        if missing:
            raise ImportFileError(_("The column “%(name)s” is missing.") % {"name": missing[0]})
        rows = []
        for row in reader:
            if None in row:
                raise ImportFileError(
                    _("Line %(line)s has more cells than the header.") % {"line": reader.line_num}
                )
            rows.append({k: (v or "").strip() for k, v in row.items()})
            if len(rows) > MAX_ROWS:
                raise ImportFileError(_("The file has more than 50,000 rows."))
    except csv.Error as error:
        raise ImportFileError(
            _("The file is not valid CSV: %(error)s") % {"error": error}
        ) from error
    return rows


def parse_row(row: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    """The arguments of services.incident_create for one row, and the errors found."""
    errors: list[str] = []
    values: dict[str, Any] = {
        name: row.get(name, "")
        for name in (
            *(f"title_{lang}" for lang in LANGUAGES),
            *(f"summary_{lang}" for lang in LANGUAGES),
            "settlement",
            "internal_notes",
        )
    }
    try:
        values["date"], values["date_precision"] = parse_date(row.get("date", ""))
    except ValueError:
        errors.append(
            _("Invalid date “%(value)s”: write 2026, 2026-10 or 2026-10-05.")
            % {"value": row.get("date", "")}
        )
    if row.get("end_date"):
        try:
            values["end_date"] = datetime.date.fromisoformat(row["end_date"])
        except ValueError:
            errors.append(
                _("Invalid end date “%(value)s”: write 2026-10-05.") % {"value": row["end_date"]}
            )
    values["region_id"] = row.get("region") or None
    context = row.get("context", "")
    if context not in Incident.Context.values:
        errors.append(_("Unknown context code “%(code)s”.") % {"code": context})
    values["context"] = context

    roles, genders = _split(row.get("victim_roles", "")), _split(row.get("victim_genders", ""))
    names, outlets = _split(row.get("victim_names", "")), _split(row.get("victim_outlets", ""))
    consents = _split(row.get("victim_consent", ""))
    victims = []
    for index, role in enumerate(roles):
        gender, consent = _at(genders, index), _at(consents, index).lower()
        if role not in VictimRole.values:
            errors.append(_("Unknown victim role code “%(code)s”.") % {"code": role})
        if gender not in Gender.values:
            errors.append(_("Unknown gender code “%(code)s”.") % {"code": gender})
        if consent not in ("", "yes", "no"):
            errors.append(_("Consent must be “yes” or “no”, not “%(value)s”.") % {"value": consent})
        victims.append(
            VictimInput(
                kind="outlet" if role == "outlet" else "person",
                role=role,
                gender=gender,
                name=_at(names, index),
                outlet=_at(outlets, index),
                consent_to_name=consent == "yes",
            )
        )
    if len(names) > len(roles) or len(genders) > len(roles):
        errors.append(_("Give a role for every victim (victim_roles)."))

    perpetrators = []
    for item in _split(row.get("perpetrators", "")):
        kind, _sep, confidence = item.partition("=")
        confidence = confidence or "likely"
        if confidence not in ("confirmed", "likely", "alleged"):
            errors.append(_("Unknown attribution confidence “%(code)s”.") % {"code": confidence})
        perpetrators.append(PerpetratorInput(kind=kind, confidence=confidence))

    proceedings = []
    for item in _split(row.get("proceedings", "")):
        kind, _sep, provision = item.partition("=")
        if kind not in Proceeding.Kind.values:
            errors.append(_("Unknown proceeding kind “%(code)s”.") % {"code": kind})
        proceedings.append(ProceedingInput(kind=kind, provision=provision))

    sources = [SourceInput(title=url, url=url) for url in _split(row.get("sources", ""))]
    status = row.get("status") or "received"
    verification = row.get("verification") or "unverified"
    if status not in IMPORT_STATUSES:
        errors.append(_("Unknown status “%(code)s”.") % {"code": status})
    if verification not in Incident.Verification.values:
        errors.append(_("Unknown verification level “%(code)s”.") % {"code": verification})
    elif status in ("verified", "published") and verification == "unverified":
        errors.append(
            _("A verified or published incident needs verification “partly” or “verified”.")
        )
    arguments = {
        "values": values,
        "type_codes": _split(row.get("types", "")),
        "victims": victims,
        "perpetrators": perpetrators,
        "proceedings": proceedings,
        "sources": sources,
        "tags": _split(row.get("tags", "")),
        "status": status,
        "verification": verification,
    }
    return arguments, errors


def _messages(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


def _create(actor: Any, arguments: dict[str, Any]) -> Incident:
    arguments = dict(arguments)
    tags, status, verification = (
        arguments.pop("tags"),
        arguments.pop("status"),
        arguments.pop("verification"),
    )
    incident = services.incident_create(actor=actor, origin=Incident.Origin.IMPORT, **arguments)
    for slug in tags:
        tag, _created = Tag.objects.get_or_create(slug=slug[:60], defaults={"name_en": slug})
        incident.tags.add(tag)
    if status != "received" or verification != "unverified":
        incident.status, incident.verification = status, verification
        if status == "published":
            incident.published_at = timezone.now()
        incident.save(update_fields=["status", "verification", "published_at"])
        IncidentEvent.objects.create(
            incident=incident,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            kind=IncidentEvent.Kind.VERIFIED,
            context={"level": verification, "status": status, "import": True},
        )
    return incident


def import_rows(rows: Iterable[dict[str, str]], *, actor: Any, dry_run: bool) -> ImportReport:
    report = ImportReport(dry_run=dry_run)
    with transaction.atomic():
        for line, row in enumerate(rows, start=2):  # line 1 is the header
            title = next(
                (row.get(f"title_{lang}") for lang in LANGUAGES if row.get(f"title_{lang}")), ""
            )
            result = RowReport(line=line, title=title or "")
            arguments, result.errors = parse_row(row)
            if (
                arguments["verification"] == Incident.Verification.VERIFIED
                and getattr(actor, "is_authenticated", False)
                and services.second_signoff_required()
            ):
                # One monitor alone cannot make an incident "verified" in the workflow, so an
                # import by one cannot either (the command line, run by no one, is not limited).
                result.errors.append(
                    _(
                        "With the second sign-off, “verified” needs another monitor's "
                        "confirmation: import the row as “partly” or “unverified” and verify it "
                        "on the incident's page."
                    )
                )
            if not result.errors:
                try:
                    with transaction.atomic():
                        incident = _create(actor, arguments)
                except ValidationError as error:
                    result.errors += _messages(error)
                else:
                    result.incident_id = incident.pk
                    result.summary = _(
                        "date %(date)s; types: %(types)s, victims: %(victims)s, "
                        "perpetrators: %(perpetrators)s, proceedings: %(proceedings)s, "
                        "sources: %(sources)s; status: %(status)s"
                    ) % {
                        "date": row.get("date"),
                        "types": len(arguments["type_codes"]),
                        "victims": len(arguments["victims"]),
                        "perpetrators": len(arguments["perpetrators"]),
                        "proceedings": len(arguments["proceedings"]),
                        "sources": len(arguments["sources"]),
                        "status": arguments["status"],
                    }
            report.rows.append(result)
        if report.ok and not dry_run:
            report.created = len(report.rows)
        else:
            transaction.set_rollback(True)
            for result in report.rows:
                result.incident_id = None
    return report


def import_file(raw: bytes, *, actor: Any = None, dry_run: bool = False) -> ImportReport:
    try:
        rows = read_rows(raw)
    except ImportFileError as error:
        return ImportReport(errors=[str(error)], dry_run=dry_run)
    if not rows:
        return ImportReport(errors=[_("The file has no rows.")], dry_run=dry_run)
    return import_rows(rows, actor=actor, dry_run=dry_run)
