"""Writes of the monitoring record: creating and editing incidents, the verification and
publication workflow, merging duplicate victims and outlets.

Every function runs in one transaction, validates before it writes (a refused step leaves
nothing behind), appends an `IncidentEvent` and an audit record. Events name the fields that
changed, never their values: the event log may not leak what the record keeps private.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qorgau.core.models import AuditEvent, Region
from qorgau.core.services import audit_record
from qorgau.monitoring.filters import forget_vocabulary
from qorgau.monitoring.models import (
    LANGUAGES,
    Incident,
    IncidentEvent,
    IncidentPerpetrator,
    IncidentType,
    IncidentVictim,
    Outlet,
    PerpetratorKind,
    Proceeding,
    ProceedingStatus,
    Source,
    Victim,
    ViolationType,
    search_text_of,
    validate_provision,
)

EDITABLE_FIELDS = (
    *(f"title_{lang}" for lang in LANGUAGES),
    *(f"summary_{lang}" for lang in LANGUAGES),
    "date",
    "date_precision",
    "end_date",
    "region_id",
    "settlement",
    "context",
    "impunity",
    "slapp_indicators",
    "internal_notes",
    "reporter_contact",
)
PUBLISHABLE = (Incident.Verification.PARTLY, Incident.Verification.VERIFIED)
CLOSED = (Incident.Status.REJECTED, Incident.Status.DUPLICATE)


class WorkflowError(ValueError):
    """A workflow step that is not allowed now; nothing changed. The message is translated."""


@dataclass
class VictimInput:
    name: str = ""
    kind: str = Victim.Kind.PERSON
    role: str = "journalist"
    gender: str = ""
    employment: str = ""
    medium: str = ""
    outlet: str = ""
    consent_to_name: bool = False
    contact: str = ""
    targeted_for_work: str = ""


@dataclass
class PerpetratorInput:
    kind: str
    confidence: str = IncidentPerpetrator.Confidence.LIKELY
    description: str = ""


@dataclass
class ProceedingInput:
    kind: str
    provision: str = ""
    initiator: str = ""
    court: str = ""
    case_number: str = ""
    stage: str = Proceeding.Stage.OPENED
    stage_date: datetime.date | None = None


@dataclass
class SourceInput:
    title: str
    url: str = ""
    outlet: str = ""
    date: datetime.date | None = None


def _event(
    incident: Incident, kind: str, actor: Any, context: dict[str, Any] | None = None
) -> IncidentEvent:
    """The incident's own timeline entry and the site-wide audit record of the same step."""
    person = actor if getattr(actor, "is_authenticated", False) else None
    event = IncidentEvent.objects.create(
        incident=incident, actor=person, kind=kind, context=context or {}
    )
    audit_record(
        actor=person,
        action=AuditEvent.Action.CREATE
        if kind in ("created", "reported", "imported")
        else AuditEvent.Action.UPDATE,
        obj=incident,
        context={"step": kind, **(context or {})},
    )
    return event


def _check_values(values: Mapping[str, Any]) -> None:
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    if not any(values.get(f"title_{lang}") for lang in LANGUAGES):
        raise ValidationError(_("Give the title in at least one language."), code="title")
    if not isinstance(values.get("date"), datetime.date):
        raise ValidationError(_("Give the date of the incident."), code="date")
    if values["date"] > timezone.localdate() + datetime.timedelta(days=1):
        raise ValidationError(_("The date is in the future."), code="future")
    precision = values.get("date_precision", Incident.Precision.DAY)
    if precision not in Incident.Precision.values:
        raise ValidationError(_("Unknown date precision."), code="precision")
    end = values.get("end_date")
    if end is not None and end < values["date"]:
        raise ValidationError(_("The end date is before the date."), code="end_date")
    region = values.get("region_id")
    if region and not Region.objects.filter(pk=region).exists():
        raise ValidationError(
            _("Unknown region code “%(code)s”."), code="region", params={"code": region}
        )


def _check_types(type_codes: Sequence[str]) -> list[ViolationType]:
    found = {t.code: t for t in ViolationType.objects.filter(pk__in=type_codes)}
    missing = [code for code in type_codes if code not in found]
    if missing:
        raise ValidationError(
            _("Unknown violation type code “%(code)s”."), code="type", params={"code": missing[0]}
        )
    return [found[code] for code in dict.fromkeys(type_codes)]


def _set_types(incident: Incident, type_codes: Sequence[str]) -> None:
    kinds = _check_types(type_codes)
    IncidentType.objects.filter(incident=incident).exclude(type__in=kinds).delete()
    have = set(IncidentType.objects.filter(incident=incident).values_list("type_id", flat=True))
    IncidentType.objects.bulk_create(
        [
            IncidentType(incident=incident, type=kind, group_id=kind.group_id)
            for kind in kinds
            if kind.code not in have
        ]
    )


def incident_refresh_facts(incident: Incident) -> None:
    """Recompute what is copied for fast filters: SDG flag, count of victims, search text,
    and the victims' gender and perpetrators' state flag on the link rows."""
    incident.sdg_16_10_1 = IncidentType.objects.filter(
        incident=incident, type__sdg_16_10_1=True
    ).exists()
    links = list(IncidentVictim.objects.filter(incident=incident).select_related("victim"))
    for link in links:
        if link.gender != link.victim.gender:
            link.gender = link.victim.gender
            link.save(update_fields=["gender"])
    incident.victim_count = len(links)
    for perpetrator in IncidentPerpetrator.objects.filter(incident=incident).select_related("kind"):
        if perpetrator.is_state != perpetrator.kind.is_state:
            perpetrator.save()
    incident.search_text = search_text_of(
        [
            *(
                getattr(incident, f"{field}_{lang}")
                for field in ("title", "summary")
                for lang in LANGUAGES
            ),
            incident.settlement,
        ]
    )
    incident.updated_at = timezone.now()
    incident.save(update_fields=["sdg_16_10_1", "victim_count", "search_text", "updated_at"])


def _add_related(
    incident: Incident,
    victims: Sequence[VictimInput],
    perpetrators: Sequence[PerpetratorInput],
    proceedings: Sequence[ProceedingInput],
    sources: Sequence[SourceInput],
) -> None:
    kinds = {k.code: k for k in PerpetratorKind.objects.all()}
    for p in perpetrators:
        if p.kind not in kinds:
            raise ValidationError(
                _("Unknown perpetrator code “%(code)s”."),
                code="perpetrator",
                params={"code": p.kind},
            )
        IncidentPerpetrator.objects.create(
            incident=incident,
            kind=kinds[p.kind],
            confidence=p.confidence,
            description=p.description,
        )
    for v in victims:
        outlet = None
        if v.outlet:
            outlet = Outlet.objects.filter(name__iexact=v.outlet).first()
            outlet = outlet or Outlet.objects.create(name=v.outlet, medium=v.medium)
        victim = Victim(
            kind=v.kind,
            name=v.name,
            role=v.role,
            gender=v.gender,
            employment=v.employment,
            medium=v.medium,
            outlet=outlet,
            consent_to_name=v.consent_to_name,
            contact=v.contact,
        )
        victim.full_clean()
        victim.save()
        IncidentVictim.objects.create(
            incident=incident,
            victim=victim,
            role=v.role,
            gender=v.gender,
            targeted_for_work=v.targeted_for_work,
        )
    for r in proceedings:
        validate_provision(r.provision)
        proceeding = Proceeding(
            incident=incident,
            kind=r.kind,
            provision=r.provision,
            initiator=r.initiator,
            court=r.court,
            case_number=r.case_number,
            stage=r.stage,
        )
        proceeding.full_clean(exclude=["incident"])
        proceeding.save()
        ProceedingStatus.objects.create(
            proceeding=proceeding, stage=r.stage, date=r.stage_date or incident.date
        )
    for s in sources:
        source = Source(incident=incident, title=s.title, url=s.url, outlet=s.outlet, date=s.date)
        source.full_clean(exclude=["incident"])
        source.save()


@transaction.atomic
def incident_create(
    *,
    actor: Any,
    values: Mapping[str, Any],
    type_codes: Sequence[str] = (),
    victims: Sequence[VictimInput] = (),
    perpetrators: Sequence[PerpetratorInput] = (),
    proceedings: Sequence[ProceedingInput] = (),
    sources: Sequence[SourceInput] = (),
    origin: str = Incident.Origin.STAFF,
    related: Callable[[Incident], None] | None = None,
) -> Incident:
    """A new incident in the queue ("received"), never public until verified and published.
    `related` saves more linked rows (the staff form's formsets) in the same transaction."""
    _check_values(values)
    incident = Incident(origin=origin, created_by=actor if _is_person(actor) else None)
    for name, value in values.items():
        setattr(incident, name, value)
    incident.set_date(values["date"], values.get("date_precision", Incident.Precision.DAY))
    incident.full_clean(exclude=["region"])
    incident.save()
    _set_types(incident, type_codes)
    _add_related(incident, victims, perpetrators, proceedings, sources)
    if related is not None:
        related(incident)
    incident_refresh_facts(incident)
    kinds: dict[str, str] = {
        Incident.Origin.REPORT: IncidentEvent.Kind.REPORTED,
        Incident.Origin.IMPORT: IncidentEvent.Kind.IMPORTED,
    }
    kind = kinds.get(origin, IncidentEvent.Kind.CREATED)
    _event(incident, kind, actor)
    return incident


@transaction.atomic
def incident_update(
    *,
    actor: Any,
    incident: Incident,
    values: Mapping[str, Any],
    type_codes: Sequence[str] | None = None,
    related: Callable[[Incident], None] | None = None,
    changed_related: Sequence[str] = (),
) -> Incident:
    """Change an incident's own fields and types; `related` saves linked rows in the same
    transaction. The event lists the names of what changed."""
    full = {name: getattr(incident, name) for name in EDITABLE_FIELDS} | dict(values)
    _check_values(full)
    changed = [name for name, value in values.items() if getattr(incident, name) != value]
    for name, value in values.items():
        setattr(incident, name, value)
    incident.set_date(full["date"], full["date_precision"])
    incident.full_clean(exclude=["region", "duplicate_of"])
    incident.save()
    if type_codes is not None:
        before = set(incident.type_links.values_list("type_id", flat=True))
        _set_types(incident, type_codes)
        if before != set(type_codes):
            changed.append("types")
    if related is not None:
        related(incident)
    changed += list(changed_related)
    incident_refresh_facts(incident)
    _event(incident, IncidentEvent.Kind.EDITED, actor, {"fields": changed})
    return incident


def _is_person(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False))


def _lock(incident: Incident) -> Incident:
    """Re-read the row under a lock so two monitors' clicks are applied one after the other."""
    return Incident.objects.select_for_update().get(pk=incident.pk)


def _refuse_closed(incident: Incident) -> None:
    if incident.status in CLOSED:
        raise WorkflowError(_("This incident was rejected or marked as a duplicate."))


@transaction.atomic
def incident_start_review(*, actor: Any, incident: Incident) -> Incident:
    incident = _lock(incident)
    if incident.status != Incident.Status.RECEIVED:
        raise WorkflowError(_("Only a received incident can be taken for review."))
    incident.status = Incident.Status.REVIEW
    incident.save(update_fields=["status"])
    _event(incident, IncidentEvent.Kind.REVIEW, actor)
    return incident


def second_signoff_required() -> bool:
    return bool(getattr(settings, "MONITORING_SECOND_SIGNOFF", False))


@transaction.atomic
def incident_verify(*, actor: Any, incident: Incident, level: str) -> Incident:
    """Set the verification level. With MONITORING_SECOND_SIGNOFF, "verified" counts only once a
    different monitor confirms it; until then it waits as pending."""
    incident = _lock(incident)
    _refuse_closed(incident)
    if level not in Incident.Verification.values:
        raise WorkflowError(_("Unknown verification level."))
    if incident.is_public and level not in PUBLISHABLE:
        raise WorkflowError(_("Unpublish the incident before marking it unverified."))
    if level == Incident.Verification.VERIFIED and second_signoff_required():
        if incident.pending_verification != level:
            incident.pending_verification = level
            incident.pending_verification_by = actor
            incident.save(update_fields=["pending_verification", "pending_verification_by"])
            _event(incident, IncidentEvent.Kind.SIGNOFF_REQUESTED, actor, {"level": level})
            return incident
        if incident.pending_verification_by_id == actor.pk:
            raise WorkflowError(_("Another monitor must confirm your verification."))
    first_by = incident.pending_verification_by_id
    incident.verification = level
    incident.pending_verification = ""
    incident.pending_verification_by = None
    if level in PUBLISHABLE and incident.status in (
        Incident.Status.RECEIVED,
        Incident.Status.REVIEW,
    ):
        incident.status = Incident.Status.VERIFIED
    elif level not in PUBLISHABLE and incident.status == Incident.Status.VERIFIED:
        incident.status = Incident.Status.REVIEW
    incident.save(
        update_fields=["verification", "pending_verification", "pending_verification_by", "status"]
    )
    context: dict[str, Any] = {"level": level}
    if first_by is not None and level == Incident.Verification.VERIFIED:
        context["first_signoff_by"] = first_by
    _event(incident, IncidentEvent.Kind.VERIFIED, actor, context)
    return incident


@transaction.atomic
def incident_publish(*, actor: Any, incident: Incident) -> Incident:
    incident = _lock(incident)
    _refuse_closed(incident)
    if incident.verification not in PUBLISHABLE:
        raise WorkflowError(_("Only a verified or partly verified incident can be published."))
    if incident.is_public:
        raise WorkflowError(_("This incident is already published."))
    incident.status = Incident.Status.PUBLISHED
    incident.published_at = incident.published_at or timezone.now()
    incident.save(update_fields=["status", "published_at"])
    _event(incident, IncidentEvent.Kind.PUBLISHED, actor, {"verification": incident.verification})
    return incident


@transaction.atomic
def incident_unpublish(*, actor: Any, incident: Incident, reason: str = "") -> Incident:
    incident = _lock(incident)
    if not incident.is_public:
        raise WorkflowError(_("This incident is not published."))
    incident.status = Incident.Status.VERIFIED
    incident.save(update_fields=["status"])
    _event(incident, IncidentEvent.Kind.UNPUBLISHED, actor, {"reason": reason} if reason else {})
    return incident


@transaction.atomic
def incident_reject(*, actor: Any, incident: Incident, reason: str = "") -> Incident:
    incident = _lock(incident)
    _refuse_closed(incident)
    incident.status = Incident.Status.REJECTED
    incident.save(update_fields=["status"])
    _event(incident, IncidentEvent.Kind.REJECTED, actor, {"reason": reason} if reason else {})
    return incident


@transaction.atomic
def incident_mark_duplicate(*, actor: Any, incident: Incident, of: Incident) -> Incident:
    """Close an incident as a duplicate of another; it leaves the public site if it was there."""
    incident = _lock(incident)
    _refuse_closed(incident)
    original = of.duplicate_of if of.duplicate_of_id is not None else of
    if original is None or original.pk == incident.pk:
        raise WorkflowError(_("An incident cannot be a duplicate of itself."))
    if original.status in CLOSED:
        raise WorkflowError(_("Choose an incident that is not itself closed."))
    incident.status = Incident.Status.DUPLICATE
    incident.duplicate_of = original
    incident.save(update_fields=["status", "duplicate_of"])
    _event(incident, IncidentEvent.Kind.DUPLICATE, actor, {"of": original.pk})
    return incident


@transaction.atomic
def victim_merge(*, actor: Any, keep: Victim, merge: Victim) -> Victim:
    """Make two records of the same person (or outlet) one: links move to `keep`, blank fields of
    `keep` are filled from `merge`, and `merge` is deleted."""
    if keep.pk == merge.pk:
        raise WorkflowError(_("Choose two different records to merge."))
    if keep.kind != merge.kind:
        raise WorkflowError(_("A person cannot be merged with an outlet."))
    incidents = []
    for link in IncidentVictim.objects.filter(victim=merge).select_related("incident"):
        incidents.append(link.incident)
        if IncidentVictim.objects.filter(incident=link.incident, victim=keep).exists():
            link.delete()
        else:
            link.victim = keep
            link.save(update_fields=["victim"])
    filled = []
    for name in ("name", "contact", "gender", "employment", "medium", "outlet_id"):
        if not getattr(keep, name) and getattr(merge, name):
            setattr(keep, name, getattr(merge, name))
            filled.append(name)
    keep.save()
    merged_id = merge.pk
    merge.delete()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=keep,
        context={"merged": merged_id, "filled": filled},
    )
    for incident in {i.pk: i for i in incidents}.values():
        incident_refresh_facts(incident)
        IncidentEvent.objects.create(
            incident=incident,
            actor=actor,
            kind=IncidentEvent.Kind.VICTIM_MERGED,
            context={"kept": keep.pk, "merged": merged_id},
        )
    return keep


@transaction.atomic
def outlet_merge(*, actor: Any, keep: Outlet, merge: Outlet) -> Outlet:
    if keep.pk == merge.pk:
        raise WorkflowError(_("Choose two different records to merge."))
    moved = list(Victim.objects.filter(outlet=merge).values_list("pk", flat=True))
    Victim.objects.filter(outlet=merge).update(outlet=keep)
    for name in ("medium", "website", "region_id"):
        if not getattr(keep, name) and getattr(merge, name):
            setattr(keep, name, getattr(merge, name))
    keep.save()
    merged_id = merge.pk
    merge.delete()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=keep,
        context={"merged": merged_id, "victims": len(moved)},
    )
    incident_ids = IncidentVictim.objects.filter(victim_id__in=moved).values_list(
        "incident_id", flat=True
    )
    IncidentEvent.objects.bulk_create(
        [
            IncidentEvent(
                incident_id=pk,
                actor=actor,
                kind=IncidentEvent.Kind.OUTLET_MERGED,
                context={"kept": keep.pk, "merged": merged_id},
            )
            for pk in set(incident_ids)
        ]
    )
    return keep


@transaction.atomic
def vocabulary_save(
    *, actor: Any, row: models.Model, created: bool, fields: Sequence[str] = ()
) -> models.Model:
    """Save a row of a monitoring vocabulary (types, kinds, signs, collections, tags) edited by
    staff, with an audit record naming the fields changed; the filters' cached vocabulary is
    dropped so the change shows at once."""
    row.save()
    forget_vocabulary()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        obj=row,
        context={"fields": list(fields)} if fields else None,
    )
    return row
