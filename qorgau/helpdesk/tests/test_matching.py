"""Matching: who can take the case, least loaded first, the duty rota first for detentions."""

import datetime as dt

import pytest
from django.utils import timezone

from qorgau.accounts.models import User
from qorgau.helpdesk.matching import candidates_for
from qorgau.helpdesk.offers import case_offer
from qorgau.helpdesk.tests.cases_support import accepted_case, lawyer, open_case
from qorgau.network.models import Absence, DutyShift

pytestmark = pytest.mark.django_db


def _emails(case) -> list[str]:
    return [c.user.email for c in candidates_for(case).candidates]


def test_candidates_need_the_expertise_region_and_language(alice: User) -> None:
    lawyer("fits@qorgau.test")
    lawyer("civil@qorgau.test", expertise=("civil_defamation",))
    lawyer("astana@qorgau.test", regions=("KZ-71",))
    lawyer("english@qorgau.test", languages=("en",))
    case, _key = open_case(alice)
    result = candidates_for(case)
    assert [c.user.email for c in result.candidates] == ["fits@qorgau.test"]
    assert result.excluded == {"expertise": 1, "region": 1, "language": 1}


def test_absent_and_full_lawyers_are_left_out(alice: User) -> None:
    away = lawyer("away@qorgau.test")
    Absence.objects.create(
        lawyer=away.lawyer_profile,
        starts=timezone.localdate() - dt.timedelta(days=1),
        ends=timezone.localdate() + dt.timedelta(days=3),
    )
    full = lawyer("full@qorgau.test", max_active_cases=1)
    accepted_case(alice, full)
    case, _key = open_case(alice)
    assert _emails(case) == []


def test_the_least_loaded_share_comes_first(alice: User) -> None:
    busy = lawyer("busy@qorgau.test", name="Aa Busy", max_active_cases=2)
    roomy = lawyer("roomy@qorgau.test", name="Zz Roomy", max_active_cases=10)
    accepted_case(alice, busy)
    accepted_case(alice, roomy)
    case, _key = open_case(alice)
    # one of two (50 %) against one of ten (10 %): the lawyer with more room goes first
    assert _emails(case) == ["roomy@qorgau.test", "busy@qorgau.test"]
    assert busy.pk and roomy.pk


def test_an_open_offer_counts_against_capacity_and_is_not_offered_twice(alice: User) -> None:
    bob = lawyer("bob@qorgau.test", max_active_cases=1)
    case, key = open_case(alice)
    case_offer(actor=alice, case=case, lawyer=bob, summary="s", data_key=key)
    assert candidates_for(case).excluded == {"offered": 1}
    other, _key = open_case(alice)
    assert _emails(other) == []


def test_a_detention_puts_the_duty_lawyer_first_even_outside_the_filters(alice: User) -> None:
    lawyer("regular@qorgau.test")
    duty = lawyer("duty@qorgau.test", expertise=("civil_defamation",))
    now = timezone.now()
    DutyShift.objects.create(
        lawyer=duty.lawyer_profile,
        starts=now - dt.timedelta(hours=1),
        ends=now + dt.timedelta(hours=8),
    )
    case, _key = open_case(alice, detained=True)
    result = candidates_for(case)
    assert [c.user.email for c in result.candidates] == ["duty@qorgau.test", "regular@qorgau.test"]
    assert result.candidates[0].on_duty and result.candidates[0].misses == ["expertise"]
    calm, _key = open_case(alice)
    assert _emails(calm) == ["regular@qorgau.test"]


def test_the_matching_page_offers_the_case(alice: User, login_as) -> None:
    from qorgau.helpdesk.models import CaseOffer
    from qorgau.helpdesk.tests.intake_support import unlock

    bob = lawyer("bob@qorgau.test", name="Болат Ермеков")
    case, _key = open_case(alice)
    client = unlock(login_as(alice), alice)
    page = client.get(f"/ru/help/cases/{case.pk}/match/").content.decode()
    assert "Болат Ермеков" in page
    response = client.post(
        f"/ru/help/cases/{case.pk}/match/", {"lawyer": bob.pk, "summary": "Уголовное дело, Алматы"}
    )
    assert response.status_code == 302
    assert CaseOffer.objects.get().lawyer == bob


def test_a_lawyer_without_a_key_pair_is_listed_but_cannot_be_offered(alice: User, login_as) -> None:
    from qorgau.helpdesk.tests.intake_support import unlock

    lawyer("nokeys@qorgau.test", name="Без Ключей", keys=False)
    case, _key = open_case(alice)
    result = candidates_for(case)
    assert [c.has_keys for c in result.candidates] == [False]
    page = unlock(login_as(alice), alice).get(f"/en/help/cases/{case.pk}/match/").content.decode()
    assert "No encryption key pair yet" in page and 'name="lawyer"' not in page
