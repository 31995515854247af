"""Reads across the network's models: who can take a case today, who is on duty, the public
directory, partners for referrals, and each lawyer's onboarding checklist."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from qorgau.accounts.models import Role
from qorgau.network.models import (
    CODE_OF_CONDUCT_VERSION,
    Absence,
    ConductAcceptance,
    DutyShift,
    LawyerProfile,
    Organisation,
)


def current_lawyers() -> QuerySet[LawyerProfile]:
    """Active profiles of people who can sign in and still hold the lawyer role."""
    return (
        LawyerProfile.objects.filter(
            active=True, user__is_active=True, user__role_assignments__role=Role.LAWYER
        )
        .select_related("user", "organisation")
        .prefetch_related("regions")
    )


def _licensed_and_present(lawyers: QuerySet[LawyerProfile], day: datetime.date) -> Any:
    absent = Absence.objects.filter(starts__lte=day, ends__gte=day).values("lawyer_id")
    return lawyers.exclude(licence_valid_until__lt=day).exclude(  # empty: a licence without expiry
        pk__in=absent
    )


def lawyers_available(*, on: datetime.date) -> QuerySet[LawyerProfile]:
    """Lawyers who may be offered a new case on that day: active, accepting new cases, not
    absent, with a licence valid that day. Capacity (active cases) is the help desk's to count."""
    result: QuerySet[LawyerProfile] = _licensed_and_present(
        current_lawyers().filter(accepts_new_cases=True), on
    )
    return result


def lawyers_on_duty(*, at: datetime.datetime) -> QuerySet[LawyerProfile]:
    """Lawyers whose duty shift covers that moment (for urgent detentions), unless absent that day
    or without a valid licence."""
    shifts = DutyShift.objects.filter(starts__lte=at, ends__gt=at).values("lawyer_id")
    day = timezone.localtime(at).date() if timezone.is_aware(at) else at.date()
    result: QuerySet[LawyerProfile] = _licensed_and_present(
        current_lawyers().filter(pk__in=shifts), day
    )
    return result


def public_directory() -> QuerySet[LawyerProfile]:
    """Current lawyers who consented to be listed publicly."""
    return current_lawyers().filter(public_profile_consent=True)


def with_list_value(queryset: QuerySet[Any], field: str, value: str) -> QuerySet[Any]:
    """Rows whose JSON list `field` holds `value`. SQLite has no JSON containment lookup, and
    the lists are short and the rows few (people, organisations), so the test runs in Python."""
    wanted = [pk for pk, values in queryset.values_list("pk", field) if value in (values or [])]
    return queryset.filter(pk__in=wanted)


def partner_organisations(*, area: str | None = None) -> QuerySet[Organisation]:
    """Organisations that take referrals, public or not, optionally only those in one area
    (an Expertise value)."""
    organisations = Organisation.objects.filter(accepts_referrals=True)
    if area:
        organisations = with_list_value(organisations, "referral_areas", area)
    return organisations


def public_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(public=True)


# --- Onboarding.


@dataclass(frozen=True)
class OnboardingStep:
    key: str
    label: Promise
    done: bool
    url: str


def _has_keypair(user: Any) -> bool:
    try:
        from qorgau.accounts.keys import has_keypair
    except ImportError:  # key pairs arrive with the encryption of the help desk
        return False
    return bool(has_keypair(user))


def _keypair_url() -> str:
    try:
        return reverse("accounts:keypair-create")
    except NoReverseMatch:
        return reverse("accounts:profile")


def conduct_accepted(user: Any, version: str = CODE_OF_CONDUCT_VERSION) -> ConductAcceptance | None:
    return ConductAcceptance.objects.filter(user=user, version=version).first()


def onboarding_for(user: Any) -> list[OnboardingStep]:
    """What a new lawyer still has to do before being offered cases."""
    from qorgau.accounts.services import has_second_factor

    return [
        OnboardingStep(
            "second_factor",
            _("Second factor enrolled (authenticator app or security key)"),
            has_second_factor(user),
            reverse("accounts:profile"),
        ),
        OnboardingStep(
            "keypair",
            _("Encryption key pair created"),
            _has_keypair(user),
            _keypair_url(),
        ),
        OnboardingStep(
            "conduct",
            _("Code of conduct accepted"),
            conduct_accepted(user) is not None,
            reverse("network:conduct"),
        ),
    ]
