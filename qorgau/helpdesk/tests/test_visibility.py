"""Who sees which case: coordinators all, a lawyer only the cases they accepted, an observer
reads without changing, and for everyone else a case does not exist (404, never 403)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from qorgau.accounts.models import Role, User
from qorgau.conftest import make_user
from qorgau.helpdesk import cases as services
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
    services.case_offer(actor=alice, case=offered, lawyer=bob, summary="s", data_key=offered_key)
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
