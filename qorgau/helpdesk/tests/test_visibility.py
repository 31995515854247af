"""Who sees which case: coordinators all, a lawyer only the cases they accepted, an observer
reads without changing, and for everyone else a case does not exist (404, never 403)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from qorgau.accounts.models import Role, User
from qorgau.conftest import make_user
from qorgau.helpdesk import cases as services
from qorgau.helpdesk.disclosure import disclosure_carry_out, disclosure_decide
from qorgau.helpdesk.offers import case_offer, offer_accept
from qorgau.helpdesk.permissions import access_case
from qorgau.helpdesk.queries import cases_visible_to
from qorgau.helpdesk.tests.cases_support import accepted_case, lawyer, open_case
from qorgau.helpdesk.tests.intake_support import give_keys, unlock

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(alice: User) -> dict:
    bob = lawyer("bob@qorgau.test", name="Болат")
    erik = lawyer("erik@qorgau.test", name="Ерік")
    observer = give_keys(make_user("olga@qorgau.test", Role.OBSERVER, name="Ольга"))
    mine, key = accepted_case(alice, bob)
    theirs, _key = accepted_case(alice, erik)
    offered, offered_key = open_case(alice)
    case_offer(actor=alice, case=offered, lawyer=bob, summary="s", data_key=offered_key)
    return {
        "bob": bob,
        "erik": erik,
        "observer": observer,
        "mine": mine,
        "theirs": theirs,
        "offered": offered,
        "key": key,
    }


def test_a_lawyer_sees_only_the_cases_they_accepted(world: dict) -> None:
    bob = world["bob"]
    assert list(cases_visible_to(bob)) == [world["mine"]]
    assert access_case(bob, world["mine"].pk) == world["mine"]
    for other in ("theirs", "offered"):
        with pytest.raises(Http404):
            access_case(bob, world[other].pk)


def test_coordinators_and_observers_see_every_case(alice: User, world: dict) -> None:
    assert cases_visible_to(alice).count() == 3
    assert cases_visible_to(world["observer"]).count() == 3


def test_an_observer_reads_but_changes_nothing(world: dict, login_as) -> None:
    observer = world["observer"]
    case = world["mine"]
    with pytest.raises(PermissionDenied):
        access_case(observer, case.pk, edit=True)
    client = unlock(login_as(observer), observer)
    page = client.get(f"/en/help/cases/{case.pk}/").content.decode()
    assert "Журналиста обвиняют" in page  # observers hold a grant, opened at case creation
    assert 'action="/en/help/cases/' not in page
    response = client.post(f"/en/help/cases/{case.pk}/do/note/", {"kind": "strategy", "body": "x"})
    assert response.status_code == 403
    assert not case.notes.exists()


def test_nobody_else_learns_that_a_case_exists(world: dict, charlie: User, login_as) -> None:
    trainer = make_user("trainer@qorgau.test", Role.TRAINER)
    case = world["mine"]
    missing = case.pk + 1000
    for person in (charlie, trainer, world["erik"]):
        client = login_as(person)
        for pk in (case.pk, missing):
            assert client.get(f"/en/help/cases/{pk}/").status_code == 404
            assert client.post(f"/en/help/cases/{pk}/do/note/", {}).status_code == 404
            assert client.get(f"/en/help/cases/{pk}/match/").status_code == 404
    assert world["erik"].pk not in cases_visible_to(charlie).values_list("pk", flat=True)


def test_an_offer_is_seen_by_its_lawyer_and_coordinators_only(
    alice: User, world: dict, login_as
) -> None:
    offer = world["offered"].offers.get()
    assert login_as(world["erik"]).get(f"/en/help/offers/{offer.pk}/").status_code == 404
    assert login_as(world["bob"]).get(f"/en/help/offers/{offer.pk}/").status_code == 200
    assert login_as(alice).get(f"/en/help/offers/{offer.pk}/").status_code == 200


def test_every_read_of_a_case_is_in_the_audit_log(world: dict, login_as) -> None:
    from qorgau.core.models import AuditEvent

    bob = world["bob"]
    case = world["mine"]
    client = unlock(login_as(bob), bob)
    client.get(f"/en/help/cases/{case.pk}/")
    client.get(f"/en/help/cases/{case.pk}/")
    reads = AuditEvent.objects.filter(
        actor=bob, action="view", object_type="helpdesk.case", object_id=str(case.pk)
    )
    assert reads.count() == 2


def test_a_lawyer_without_unlocked_keys_sees_facts_but_no_content(world: dict, login_as) -> None:
    bob = world["bob"]
    page = login_as(bob).get(f"/en/help/cases/{world['mine'].pk}/").content.decode()
    assert world["mine"].number in page
    assert "Журналиста обвиняют" not in page
    assert "Unlock your keys" in page


def test_the_requester_identity_reaches_the_lawyer_only_after_a_custodian_approves(
    alice: User, login_as
) -> None:
    from qorgau.helpdesk.models import IdentityDisclosure
    from qorgau.helpdesk.tests.cases_support import accepted_request
    from qorgau.helpdesk.tests.intake_support import private_key_of

    give_keys(alice)
    help_request = accepted_request(alice, name="Айжан Журналистова", detained=True)
    bob = lawyer("bob@qorgau.test")
    custodian = give_keys(make_user("kamila@qorgau.test", Role.CUSTODIAN, name="Камила"))
    case, key = services.case_open_from_request(
        actor=alice, help_request=help_request, kind="criminal_defence", summary="s"
    )
    offer = case_offer(actor=alice, case=case, lawyer=bob, summary="s", data_key=key)
    offer_accept(actor=bob, offer=offer)
    case.refresh_from_db()
    lawyer_client = unlock(login_as(bob), bob)
    page = lawyer_client.get(f"/en/help/cases/{case.pk}/").content.decode()
    assert "Айжан Журналистова" not in page

    coordinator = unlock(login_as(alice), alice)
    coordinator.post(f"/en/help/cases/{case.pk}/do/disclose/", {"reason": "Свидание в ИВС"})
    disclosure = IdentityDisclosure.objects.get()
    with pytest.raises(ValueError):  # not before a custodian approves
        disclosure_carry_out(actor=alice, disclosure=disclosure, private_key=private_key_of(alice))
    with pytest.raises(PermissionError):  # the coordinator cannot approve it
        disclosure_decide(actor=alice, disclosure=disclosure, approve=True)

    custodian_client = unlock(login_as(custodian), custodian)
    listing = custodian_client.get("/en/help/disclosures/").content.decode()
    assert "Свидание в ИВС" in listing and "Айжан" not in listing
    custodian_client.post("/en/help/disclosures/", {"disclosure": disclosure.pk, "approve": "1"})
    disclosure.refresh_from_db()
    assert disclosure.status == "approved" and disclosure.decided_by == custodian

    coordinator = unlock(login_as(alice), alice)
    coordinator.post(f"/en/help/cases/{case.pk}/do/disclose-do/", {"disclosure": disclosure.pk})
    disclosure.refresh_from_db()
    assert disclosure.status == "done"
    lawyer_client = unlock(login_as(bob), bob)
    assert "Айжан Журналистова" in lawyer_client.get(f"/en/help/cases/{case.pk}/").content.decode()
    assert case.events.filter(kind="disclosure").count() == 3


def test_a_lawyer_cannot_ask_for_the_identity_or_grant_access(world: dict, login_as) -> None:
    bob = world["bob"]
    client = login_as(bob)
    case = world["mine"]
    assert client.post(f"/en/help/cases/{case.pk}/do/disclose/", {"reason": "x"}).status_code == 403
    assert client.post(f"/en/help/cases/{case.pk}/do/grant/", {"user": bob.pk}).status_code == 403


def test_a_coordinator_who_joined_later_is_granted_access(
    alice: User, world: dict, login_as
) -> None:
    from qorgau.helpdesk.models import CaseKeyGrant

    newcomer = give_keys(make_user("nurlan@qorgau.test", Role.COORDINATOR))
    case = world["mine"]
    assert not CaseKeyGrant.objects.filter(case=case, user=newcomer).exists()
    client = unlock(login_as(alice), alice)
    client.post(f"/en/help/cases/{case.pk}/do/grant/", {"user": newcomer.pk})
    newcomer_client = unlock(login_as(newcomer), newcomer)
    assert (
        "Журналиста обвиняют" in newcomer_client.get(f"/en/help/cases/{case.pk}/").content.decode()
    )
