"""Lawyers, applications and organisations for the network's tests."""

from __future__ import annotations

from typing import Any

from qorgau.accounts.models import Role, User
from qorgau.conftest import make_user
from qorgau.core.models import Region
from qorgau.network.models import LawyerProfile, MembershipApplication, Organisation


def make_lawyer(
    email: str, *, name: str = "", regions: tuple[str, ...] = ("KZ-75",), **fields: Any
) -> LawyerProfile:
    """A lawyer of the network: the lawyer role and an active profile."""
    user = User.objects.filter(email=email).first() or make_user(email, Role.LAWYER, name=name)
    defaults = {
        "bar_licence_number": "LIC-" + email.split("@")[0].upper(),
        "bar_licence_body": "Алматинская городская коллегия адвокатов",
        "languages": ["ru", "kk"],
        "expertise": ["criminal_defence"],
    }
    profile = LawyerProfile.objects.create(user=user, **{**defaults, **fields})
    profile.regions.set(Region.objects.filter(code__in=regions))
    return profile


def make_application(email: str = "arman@example.org", **fields: Any) -> MembershipApplication:
    defaults = {
        "full_name": "Арман Жұмабаев",
        "bar_licence_number": "31000",
        "bar_licence_body": "Коллегия адвокатов Шымкента",
        "languages": ["kk"],
        "expertise": ["civil_defamation"],
        "motivation": "Защищаю районную газету.",
        "language": "kk",
    }
    application = MembershipApplication.objects.create(email=email, **{**defaults, **fields})
    application.regions.set(Region.objects.filter(code="KZ-79"))
    return application


def make_organisation(name: str = "Digital Rights Clinic", **fields: Any) -> Organisation:
    defaults = {"kind": Organisation.Kind.LEGAL_NGO, "referral_areas": ["personal_data"]}
    return Organisation.objects.create(name=name, **{**defaults, **fields})
