"""Shared by the triage and case tests: lawyers with network profiles, cases opened through the
real services, a request accepted at triage."""

from __future__ import annotations

from typing import Any

from qorgau.accounts.models import Role, User
from qorgau.conftest import make_user
from qorgau.core.models import Region
from qorgau.helpdesk import cases as services
from qorgau.helpdesk.models import Case, HelpRequest
from qorgau.helpdesk.offers import case_offer, offer_accept
from qorgau.helpdesk.tests.intake_support import give_keys, private_key_of, submit
from qorgau.network.models import LawyerProfile


def region(code: str = "KZ-75") -> Region:
    found, _created = Region.objects.get_or_create(
        code=code,
        defaults={"kind": "city", "name_kk": "Алматы", "name_ru": "Алматы", "name_en": "Almaty"},
    )
    return found


def lawyer(
    email: str,
    *,
    name: str = "",
    expertise: tuple[str, ...] = ("criminal_defence",),
    languages: tuple[str, ...] = ("ru", "kk"),
    regions: tuple[str, ...] = ("KZ-75",),
    max_active_cases: int = 3,
    keys: bool = True,
) -> User:
    user = User.objects.filter(email=email).first() or make_user(email, Role.LAWYER, name=name)
    profile = LawyerProfile.objects.create(
        user=user,
        expertise=list(expertise),
        languages=list(languages),
        max_active_cases=max_active_cases,
    )
    profile.regions.set([region(code) for code in regions])
    if keys and not hasattr(user, "keypair"):
        give_keys(user)
    return user


def open_case(coordinator: User, **fields: Any) -> tuple[Case, bytes]:
    if not hasattr(coordinator, "keypair"):
        give_keys(coordinator)
    values: dict[str, Any] = {
        "kind": "criminal_defence",
        "summary": "Журналиста обвиняют по ст. 274 УК за пост о тендере.",
        "region": region(),
        "language": "ru",
    }
    values.update(fields)
    return services.case_open(actor=coordinator, **values)


def accepted_case(coordinator: User, lawyer_user: User, **fields: Any) -> tuple[Case, bytes]:
    """A case offered to a lawyer who took it."""
    case, key = open_case(coordinator, **fields)
    offer = case_offer(
        actor=coordinator,
        case=case,
        lawyer=lawyer_user,
        summary="Уголовное дело, Алматы",
        data_key=key,
    )
    offer_accept(actor=lawyer_user, offer=offer)
    case.refresh_from_db()
    return case, key


def accepted_request(coordinator: User, **facts: Any) -> HelpRequest:
    """A request filed through the real intake, accepted at triage by `coordinator`."""
    if not hasattr(coordinator, "keypair"):
        give_keys(coordinator)
    return accept_at_triage(coordinator, submit(**facts).request)


def accept_at_triage(coordinator: User, help_request: HelpRequest) -> HelpRequest:
    """The coordinator's triage of a filed request: accepted, high risk."""
    from qorgau.helpdesk.triage import triage_assess

    triage_assess(
        actor=coordinator,
        help_request=help_request,
        data_key=_request_key(help_request, coordinator),
        journalistic_function="yes",
        journalism_link="yes",
        public_interest="high",
        jurisdiction="kz",
        risk="high",
        strategic="medium",
        decision="accept",
    )
    help_request.refresh_from_db()
    return help_request


def _request_key(help_request: HelpRequest, user: User) -> bytes:
    from qorgau.helpdesk.intake import data_key_for_user

    key = data_key_for_user(help_request=help_request, user=user, private_key=private_key_of(user))
    assert key is not None, "the coordinator had no key pair when the request arrived"
    return key
