"""Conflict checks find earlier parties across spellings, and leave the decision to a person."""

import pytest

from qorgau.accounts.models import User
from qorgau.helpdesk.conflicts import conflict_check, conflict_decide, conflict_reason, party_add
from qorgau.helpdesk.models import ConflictCheck, Party, PartyName
from qorgau.helpdesk.record import proceeding_add
from qorgau.helpdesk.tests.cases_support import open_case

pytestmark = pytest.mark.django_db


def test_a_name_matches_an_earlier_party_in_another_script_and_form(alice: User) -> None:
    earlier, _key = open_case(alice)
    party_add(actor=alice, case=earlier, role="opposing", name="Нұрланұлы Ерлан")
    case, _key = open_case(alice)
    _party, check = party_add(actor=alice, case=case, role="client", name="Yerlan Nurlanuly")
    assert check.status == ConflictCheck.Status.POSSIBLE
    assert [p.case for p in check.matches.all()] == [earlier]


def test_a_different_name_is_clear(alice: User) -> None:
    earlier, _key = open_case(alice)
    party_add(actor=alice, case=earlier, role="witness", name="Айгерім Сапарова")
    check = conflict_check(actor=alice, name="Болат Ермеков")
    assert check.status == ConflictCheck.Status.CLEAR
    assert check.matches.count() == 0


def test_judges_of_proceedings_are_checked_too(alice: User) -> None:
    earlier, _key = open_case(alice)
    proceeding_add(
        actor=alice, case=earlier, body="Суд г. Алматы", instance="first", judge_name="Иванов Пётр"
    )
    check = conflict_check(actor=alice, name="Petr Ivanov")
    assert check.needs_decision
    assert check.matches.get().role == Party.Role.JUDGE


def test_names_are_stored_sealed_and_hashed_never_in_the_clear(alice: User) -> None:
    case, _key = open_case(alice)
    party, check = party_add(actor=alice, case=case, role="opposing", name="ТОО Медиа Холдинг")
    assert "Медиа".encode() not in bytes(party.name_sealed)
    assert party.name == "ТОО Медиа Холдинг"
    assert check.name == "ТОО Медиа Холдинг"
    digests = list(PartyName.objects.filter(party=party).values_list("digest", flat=True))
    assert digests and all(len(d) == 64 for d in digests)


def test_a_person_decides_a_possible_conflict_with_a_sealed_reason(alice: User) -> None:
    earlier, _key = open_case(alice)
    party_add(actor=alice, case=earlier, role="client", name="Ержан Сапаров")
    case, key = open_case(alice)
    _party, check = party_add(actor=alice, case=case, role="opposing", name="Erzhan Saparov")
    with pytest.raises(ValueError):
        conflict_decide(actor=alice, check=check, conflict=False, reason=" ", data_key=key)
    conflict_decide(actor=alice, check=check, conflict=True, reason="Тот же человек", data_key=key)
    check.refresh_from_db()
    assert check.status == ConflictCheck.Status.CONFLICT and check.decided_by == alice
    assert "Тот же".encode() not in bytes(check.reason_sealed)
    assert conflict_reason(check, key) == "Тот же человек"
    assert case.events.filter(kind="conflict").count() == 2


def test_a_possible_conflict_found_at_triage_is_decided_there(alice: User, login_as) -> None:
    from qorgau.helpdesk.tests.intake_support import give_keys, submit, unlock

    give_keys(alice)
    earlier, _key = open_case(alice)
    party_add(actor=alice, case=earlier, role="opposing", name="Ержан Сапаров")
    help_request = submit().request
    client = unlock(login_as(alice), alice)
    url = f"/en/help/requests/{help_request.pk}/conflicts/"
    client.post(url, {"name": "Erzhan Saparov"})
    check = ConflictCheck.objects.get(help_request=help_request)
    assert check.needs_decision
    assert (
        earlier.number
        in client.get(f"/en/help/requests/{help_request.pk}/triage/").content.decode()
    )
    client.post(url, {"check": check.pk, "conflict": "1", "reason": "Та же сторона"})
    check.refresh_from_db()
    assert check.status == ConflictCheck.Status.CONFLICT
    assert "Та же".encode() not in bytes(check.reason_sealed)
