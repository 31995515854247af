"""Changes to the network: applications, endorsements and decisions, profiles, absences, the duty
rota, the code of conduct and organisations. Each validates, writes and records its audit event."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qorgau.accounts.models import Role, User
from qorgau.core.models import AuditEvent, Region
from qorgau.core.services import audit_record
from qorgau.network.models import (
    CODE_OF_CONDUCT_VERSION,
    Absence,
    ConductAcceptance,
    DutyShift,
    Endorsement,
    Expertise,
    LawyerProfile,
    MembershipApplication,
    Organisation,
    WorkingLanguage,
)
from qorgau.network.permissions import can_edit_profile, can_manage_network, is_network_lawyer

ENDORSEMENTS_NEEDED = 2


class NetworkError(ValueError):
    """A change the rules refuse; the message is translated and meant for the person acting."""


def _known(values: Iterable[str], allowed: Iterable[str]) -> list[str]:
    allowed_list = list(allowed)
    chosen = set(values)
    unknown = chosen - set(allowed_list)
    if unknown:
        raise NetworkError(_("Unknown value: %(values)s.") % {"values": ", ".join(sorted(unknown))})
    return [value for value in allowed_list if value in chosen]


# --- Joining the network.


@transaction.atomic
def application_submit(
    *,
    full_name: str,
    email: str,
    bar_licence_number: str,
    bar_licence_body: str,
    licence_valid_until: datetime.date | None,
    regions: Iterable[Region],
    languages: Iterable[str],
    expertise: Iterable[str],
    motivation: str,
    language: str,
) -> MembershipApplication:
    """A lawyer asks to join. No account is needed; one is created only if they are accepted."""
    email = email.strip().lower()
    if (
        MembershipApplication.objects.filter(email__iexact=email)
        .exclude(status=MembershipApplication.Status.DECIDED)
        .exists()
    ):
        raise NetworkError(
            _("An application from this e-mail address is already being considered.")
        )
    if LawyerProfile.objects.filter(user__email__iexact=email, active=True).exists():
        raise NetworkError(_("A lawyer with this e-mail address is already a member."))
    region_list = list(regions)
    if not region_list:
        raise NetworkError(_("Choose at least one region."))
    application = MembershipApplication.objects.create(
        full_name=full_name.strip(),
        email=email,
        bar_licence_number=bar_licence_number.strip(),
        bar_licence_body=bar_licence_body.strip(),
        licence_valid_until=licence_valid_until,
        languages=_known(languages, WorkingLanguage.values),
        expertise=_known(expertise, Expertise.values),
        motivation=motivation.strip(),
        language=language if language in WorkingLanguage.values else "kk",
    )
    application.regions.set(region_list)
    audit_record(actor=None, action=AuditEvent.Action.CREATE, obj=application)
    return application


@transaction.atomic
def application_endorse(
    *, endorser: User, application: MembershipApplication, note: str = ""
) -> Endorsement:
    """A current network lawyer vouches for the applicant; each lawyer once, never for oneself."""
    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    if not application.is_open:
        raise NetworkError(_("This application has already been decided."))
    if not is_network_lawyer(endorser):
        raise NetworkError(_("Only current lawyers of the network can endorse an application."))
    if endorser.email.lower() == application.email.lower():
        raise NetworkError(_("You cannot endorse your own application."))
    if application.endorsements.filter(endorser=endorser).exists():
        raise NetworkError(_("You have already endorsed this application."))
    endorsement = Endorsement.objects.create(
        application=application, endorser=endorser, note=note.strip()
    )
    if application.status == MembershipApplication.Status.SUBMITTED:
        application.status = MembershipApplication.Status.ENDORSING
        application.save(update_fields=["status"])
    audit_record(
        actor=endorser,
        action=AuditEvent.Action.CREATE,
        obj=endorsement,
        context={"application": application.pk},
    )
    return endorsement


@transaction.atomic
def application_decide(
    *,
    actor: User,
    application: MembershipApplication,
    accept: bool,
    reason: str,
    base_url: str,
) -> MembershipApplication:
    """A coordinator decides, with reasons. Accepting needs two endorsements and invites the
    lawyer (or adds the lawyer role to their existing account) with a profile from the
    application. Declining is possible at any stage, e.g. for an application that is not serious."""
    from qorgau.accounts import services as accounts

    if not can_manage_network(actor):
        raise NetworkError(_("Only coordinators decide on applications."))
    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    if not application.is_open:
        raise NetworkError(_("This application has already been decided."))
    reason = reason.strip()
    if not reason:
        raise NetworkError(_("Give the reasons for the decision."))
    if accept and application.endorsements.count() < ENDORSEMENTS_NEEDED:
        raise NetworkError(
            _("An application needs endorsements from two members before it can be accepted.")
        )
    if accept:
        user = User.objects.filter(email__iexact=application.email).first()
        if user is None:
            user = accounts.user_invite(
                actor=actor,
                email=application.email,
                full_name=application.full_name,
                roles=[Role.LAWYER],
                language=application.language,
                base_url=base_url,
            )
        elif Role.LAWYER not in user.roles:
            accounts.user_roles_set(actor=actor, user=user, roles=[*user.roles, Role.LAWYER])
        profile, _created = LawyerProfile.objects.update_or_create(
            user=user,
            defaults={
                "bar_licence_number": application.bar_licence_number,
                "bar_licence_body": application.bar_licence_body,
                "licence_valid_until": application.licence_valid_until,
                "languages": application.languages,
                "expertise": application.expertise,
                "active": True,
                "joined_on": timezone.localdate(),
            },
        )
        profile.regions.set(application.regions.all())
        application.member = user
    application.status = MembershipApplication.Status.DECIDED
    application.decision = (
        MembershipApplication.Decision.ACCEPTED
        if accept
        else MembershipApplication.Decision.DECLINED
    )
    application.decision_reason = reason
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.save(
        update_fields=[
            "status",
            "decision",
            "decision_reason",
            "decided_by",
            "decided_at",
            "member",
        ]
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=application,
        context={"decision": application.decision},
    )
    return application


# --- Profiles.

LAWYER_FIELDS = frozenset(
    {
        "languages",
        "expertise",
        "max_active_cases",
        "accepts_new_cases",
        "public_profile_consent",
        "public_bio_kk",
        "public_bio_ru",
        "public_bio_en",
    }
)
COORDINATOR_FIELDS = LAWYER_FIELDS | {
    "bar_licence_number",
    "bar_licence_body",
    "licence_valid_until",
    "organisation",
    "active",
}


@transaction.atomic
def profile_create(*, actor: User, user: User) -> LawyerProfile:
    """An empty profile for someone who holds the lawyer role (e.g. invited by an administrator)."""
    if Role.LAWYER not in user.roles:
        raise NetworkError(_("Only people with the lawyer role can have a lawyer's profile."))
    if actor.pk != user.pk and not can_manage_network(actor):
        raise NetworkError(_("You may not change this profile."))
    profile, created = LawyerProfile.objects.get_or_create(user=user)
    if created:
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=profile)
    return profile


@transaction.atomic
def profile_update(
    *,
    actor: User,
    profile: LawyerProfile,
    data: Mapping[str, Any],
    regions: Iterable[Region] | None = None,
) -> LawyerProfile:
    """The lawyer changes what they offer; a coordinator may also change licence and membership."""
    if not can_edit_profile(actor, profile):
        raise NetworkError(_("You may not change this profile."))
    allowed = COORDINATOR_FIELDS if can_manage_network(actor) else LAWYER_FIELDS
    refused = set(data) - allowed
    if refused:
        raise NetworkError(
            _("You may not change: %(fields)s.") % {"fields": ", ".join(sorted(refused))}
        )
    changed = []
    for field, value in data.items():
        if field == "languages":
            value = _known(value, WorkingLanguage.values)
        elif field == "expertise":
            value = _known(value, Expertise.values)
        elif field == "max_active_cases" and not 0 <= int(value) <= 50:
            raise NetworkError(_("The maximum of active cases must be between 0 and 50."))
        if getattr(profile, field) != value:
            setattr(profile, field, value)
            changed.append(field)
    if changed:
        profile.save(update_fields=changed)
    if regions is not None:
        before = set(profile.regions.values_list("code", flat=True))
        region_list = list(regions)
        if before != {region.code for region in region_list}:
            profile.regions.set(region_list)
            changed.append("regions")
    if changed:
        audit_record(
            actor=actor, action=AuditEvent.Action.UPDATE, obj=profile, context={"fields": changed}
        )
    return profile


@transaction.atomic
def absence_add(
    *,
    actor: User,
    lawyer: LawyerProfile,
    starts: datetime.date,
    ends: datetime.date,
    note: str = "",
) -> Absence:
    if not can_edit_profile(actor, lawyer):
        raise NetworkError(_("You may not change this profile."))
    if ends < starts:
        raise NetworkError(_("The absence ends before it starts."))
    absence = Absence.objects.create(lawyer=lawyer, starts=starts, ends=ends, note=note.strip())
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=absence,
        context={"lawyer": lawyer.pk, "starts": str(starts), "ends": str(ends)},
    )
    return absence


@transaction.atomic
def absence_remove(*, actor: User, absence: Absence) -> None:
    if not can_edit_profile(actor, absence.lawyer):
        raise NetworkError(_("You may not change this profile."))
    context = {
        "lawyer": absence.lawyer_id,
        "starts": str(absence.starts),
        "ends": str(absence.ends),
    }
    object_id = absence.pk
    absence.delete()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        object_type="network.absence",
        object_id=object_id,
        context=context,
    )


# --- Duty rota.

MAX_SHIFT = datetime.timedelta(days=7)


@transaction.atomic
def duty_shift_add(
    *,
    actor: User,
    lawyer: LawyerProfile,
    starts: datetime.datetime,
    ends: datetime.datetime,
) -> DutyShift:
    if not can_manage_network(actor):
        raise NetworkError(_("Only coordinators change the duty rota."))
    if timezone.is_naive(starts) or timezone.is_naive(ends):
        raise NetworkError(_("Give the time with its time zone."))
    if ends <= starts:
        raise NetworkError(_("The shift ends before it starts."))
    if ends - starts > MAX_SHIFT:
        raise NetworkError(_("A shift lasts at most seven days."))
    if not lawyer.active:
        raise NetworkError(_("This lawyer is not an active member of the network."))
    if DutyShift.objects.filter(lawyer=lawyer, starts__lt=ends, ends__gt=starts).exists():
        raise NetworkError(_("This lawyer already has a shift at that time."))
    shift = DutyShift.objects.create(lawyer=lawyer, starts=starts, ends=ends)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=shift,
        context={"lawyer": lawyer.pk, "starts": starts.isoformat(), "ends": ends.isoformat()},
    )
    return shift


@transaction.atomic
def duty_shift_remove(*, actor: User, shift: DutyShift) -> None:
    if not can_manage_network(actor):
        raise NetworkError(_("Only coordinators change the duty rota."))
    context = {
        "lawyer": shift.lawyer_id,
        "starts": shift.starts.isoformat(),
        "ends": shift.ends.isoformat(),
    }
    object_id = shift.pk
    shift.delete()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        object_type="network.dutyshift",
        object_id=object_id,
        context=context,
    )


# --- Code of conduct and organisations.


@transaction.atomic
def code_of_conduct_accept(
    *, user: User, language: str, version: str = CODE_OF_CONDUCT_VERSION
) -> ConductAcceptance:
    """Record that the person read and accepted this version; accepting again changes nothing."""
    if version != CODE_OF_CONDUCT_VERSION:
        raise NetworkError(_("This version of the code of conduct is no longer current."))
    acceptance, created = ConductAcceptance.objects.get_or_create(
        user=user,
        version=version,
        defaults={"language": language if language in WorkingLanguage.values else "kk"},
    )
    if created:
        audit_record(
            actor=user,
            action=AuditEvent.Action.CREATE,
            obj=acceptance,
            context={"version": version, "language": acceptance.language},
        )
    return acceptance


ORGANISATION_FIELDS = (
    "name",
    "kind",
    "country",
    "website",
    "contact_email",
    "description_kk",
    "description_ru",
    "description_en",
    "referral_areas",
    "accepts_referrals",
    "public",
)


@transaction.atomic
def organisation_save(
    *, actor: User, organisation: Organisation | None, data: Mapping[str, Any]
) -> Organisation:
    """Create (organisation=None) or change an organisation."""
    if not can_manage_network(actor):
        raise NetworkError(_("Only coordinators manage organisations."))
    unknown = set(data) - set(ORGANISATION_FIELDS)
    if unknown:
        raise NetworkError(_("Unknown value: %(values)s.") % {"values": ", ".join(sorted(unknown))})
    name = str(data.get("name", organisation.name if organisation else "")).strip()
    if not name:
        raise NetworkError(_("The organisation needs a name."))
    clash = Organisation.objects.filter(name__iexact=name)
    if organisation is not None:
        clash = clash.exclude(pk=organisation.pk)
    if clash.exists():
        raise NetworkError(_("An organisation with this name already exists."))
    creating = organisation is None
    target = organisation or Organisation()
    for field, value in data.items():
        if field == "referral_areas":
            value = _known(value, Expertise.values)
        if field == "kind" and value not in Organisation.Kind.values:
            raise NetworkError(_("Unknown value: %(values)s.") % {"values": value})
        setattr(target, field, value)
    target.name = name
    target.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE if creating else AuditEvent.Action.UPDATE,
        obj=target,
        context={"fields": sorted(data)},
    )
    return target
