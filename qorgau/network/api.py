"""API of the network: the public directory of lawyers and the public list of organisations."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from qorgau.network import queries
from qorgau.network.forms import DirectoryFilter
from qorgau.network.views import directory_entry

router = Router(tags=["network"])


class RegionRef(Schema):
    code: str
    name: str


class LawyerOut(Schema):
    """What the public directory shows: never an e-mail address or a licence number."""

    name: str
    regions: list[RegionRef]
    languages: list[str]
    expertise: list[str]
    expertise_labels: list[str]
    organisation: str
    bio: str
    bio_language: str


class OrganisationOut(Schema):
    name: str
    kind: str
    kind_label: str
    country: str
    website: str
    description: str
    description_language: str
    referral_areas: list[str]
    accepts_referrals: bool


@router.get(
    "/lawyers",
    response=list[LawyerOut],
    auth=None,
    summary="The public directory of lawyers",
    description="Only lawyers who consented to a public profile. Filters: region (ISO 3166-2 "
    "code, e.g. KZ-75), language (kk, ru, en), expertise (e.g. criminal_defence); the same as "
    "on the directory page.",
)
def lawyer_list(request: HttpRequest) -> Any:
    form = DirectoryFilter(request.GET)
    if not form.is_valid():
        raise HttpError(422, " ".join(str(e) for errors in form.errors.values() for e in errors))
    rows = []
    for profile in form.apply(queries.public_directory()):
        entry = directory_entry(profile)
        rows.append(
            {
                "name": entry.name,
                "regions": [{"code": r.code, "name": r.name} for r in profile.regions.all()],
                "languages": [code for code in ("kk", "ru", "en") if code in profile.languages],
                "expertise": [v for v in profile.expertise],
                "expertise_labels": entry.expertise,
                "organisation": entry.organisation,
                "bio": entry.bio,
                "bio_language": entry.bio_language if entry.bio else "",
            }
        )
    return rows


@router.get(
    "/organisations",
    response=list[OrganisationOut],
    auth=None,
    summary="Member and partner organisations shown publicly",
)
def organisation_list(request: HttpRequest) -> Any:
    rows = []
    for organisation in queries.public_organisations():
        description, shown = organisation.description
        rows.append(
            {
                "name": organisation.name,
                "kind": organisation.kind,
                "kind_label": str(organisation.get_kind_display()),
                "country": organisation.country,
                "website": organisation.website,
                "description": description,
                "description_language": shown if description else "",
                "referral_areas": organisation.referral_areas,
                "accepts_referrals": organisation.accepts_referrals,
            }
        )
    return rows
