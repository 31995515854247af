"""Cases: opened with their own key, offered with a redacted summary, accepted, recorded."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from qorgau.accounts.models import User
from qorgau.core.crypto import DecryptionFailed, unwrap_with
from qorgau.core.models import AuditEvent
from qorgau.helpdesk import cases as services
from qorgau.helpdesk.critical_dates import critical_date_add, critical_date_review, reminders_send
from qorgau.helpdesk.models import Case, CaseEvent, CaseKeyGrant, CaseOffer, CriticalDate
from qorgau.helpdesk.offers import case_offer, offer_accept, offer_decline
from qorgau.helpdesk.record import citation_add, note_add, note_body
from qorgau.helpdesk.tests.cases_support import accepted_case, accepted_request, lawyer, open_case
from qorgau.helpdesk.tests.intake_support import give_keys, private_key_of, unlock

pytestmark = pytest.mark.django_db


def test_a_case_gets_a_number_a_codename_and_its_own_key(alice: User) -> None:
    first, key = open_case(alice)
    second, other_key = open_case(alice)
    year = timezone.localdate().year
    assert first.number == f"QG-{year}-0001"
    assert second.number == f"QG-{year}-0002"
    assert len(first.codename.split()) == 2
    assert key != other_key
    assert b"274" not in bytes(first.summary_sealed)
    assert services.case_summary(first, key).startswith("Журналиста обвиняют")
    grant = CaseKeyGrant.objects.get(case=first, user=alice)
    assert unwrap_with(private_key_of(alice), bytes(grant.wrapped)) == key
    assert CaseEvent.objects.filter(case=first, kind="opened").exists()


def test_a_case_opens_from_an_accepted_request_only_once(alice: User) -> None:
    give_keys(alice)
    help_request = accepted_request(alice, forum="criminal", detained=True)
    case, _key = services.case_open_from_request(
        actor=alice, help_request=help_request, kind="criminal_defence", summary="Задержан блогер"
    )
    assert case.help_request == help_request
    with pytest.raises(ValueError, match="already"):
        services.case_open_from_request(
            actor=alice, help_request=help_request, kind="criminal_defence", summary="снова"
        )


def test_the_lawyer_reads_only_the_summary_until_accepting(
    alice: User, login_as, django_capture_on_commit_callbacks
) -> None:
    bob = lawyer("bob@qorgau.test", name="Болат")
    case, key = open_case(alice)
    with django_capture_on_commit_callbacks(execute=True):
        offer = case_offer(
            actor=alice, case=case, lawyer=bob, summary="Дело по ст. 274, Алматы", data_key=key
        )
    assert mail.outbox[-1].to == ["bob@qorgau.test"]
    assert "274" not in mail.outbox[-1].body and "/help/offers/" in mail.outbox[-1].body
    client = unlock(login_as(bob), bob)
    page = client.get(f"/en/help/offers/{offer.pk}/").content.decode()
    assert "Дело по ст. 274, Алматы" in page
    assert "Журналиста обвиняют" not in page
    offer.refresh_from_db()
    assert offer.status == CaseOffer.Status.VIEWED and offer.viewed_at
    # The case key is wrapped for bob, but refused by the application until he accepts.
    assert client.get(f"/en/help/cases/{case.pk}/").status_code == 404
    grant = CaseKeyGrant.objects.get(case=case, user=bob)
    assert grant.active is False

    response = client.post(f"/en/help/offers/{offer.pk}/", {"answer": "accept"})
    assert response["Location"] == f"/en/help/cases/{case.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Журналиста обвиняют" in page
    case.refresh_from_db()
    assert case.lawyer == bob and case.accepted_at is not None
    assert AuditEvent.objects.filter(
        actor=bob, action="view", object_type="helpdesk.case", object_id=str(case.pk)
    ).exists()


def test_a_declined_offer_keeps_its_reason_and_drops_the_unused_key(alice: User) -> None:
    bob = lawyer("bob@qorgau.test")
    case, key = open_case(alice)
    offer = case_offer(actor=alice, case=case, lawyer=bob, summary="s", data_key=key)
    offer_decline(actor=bob, offer=offer, reason="capacity")
    offer.refresh_from_db()
    assert offer.status == "declined" and offer.decline_reason == "capacity"
    assert offer.responded_at is not None
    assert not CaseKeyGrant.objects.filter(case=case, user=bob).exists()
    with pytest.raises(ValueError):
        offer_accept(actor=bob, offer=offer)


def test_only_one_lawyer_takes_a_case(alice: User) -> None:
    bob = lawyer("bob@qorgau.test")
    erik = lawyer("erik@qorgau.test")
    case, key = open_case(alice)
    first = case_offer(actor=alice, case=case, lawyer=bob, summary="s", data_key=key)
    second = case_offer(actor=alice, case=case, lawyer=erik, summary="s", data_key=key)
    offer_accept(actor=erik, offer=second)
    first.refresh_from_db()
    assert first.status == CaseOffer.Status.WITHDRAWN
    with pytest.raises(ValueError):
        offer_accept(actor=bob, offer=first)


def test_a_critical_date_is_computed_and_needs_a_second_person(alice: User) -> None:
    bob = lawyer("bob@qorgau.test")
    case, _key = accepted_case(alice, bob)
    # 15 days from Friday 13 March 2026 end on Saturday 28 March: moved to Monday 30 March.
    date = critical_date_add(
        actor=bob, case=case, kind="appeal", rule="kz-cpc-appeal", start=dt.date(2026, 3, 13)
    )
    assert date.due == dt.date(2026, 3, 30)
    assert any("30" in line for line in date.deadline.explanation)
    with pytest.raises(PermissionError):
        critical_date_review(actor=bob, date=date)
    critical_date_review(actor=alice, date=date)
    date.refresh_from_db()
    assert date.reviewed_by == alice


def test_reminders_go_7_3_and_1_days_before_and_only_once(
    alice: User, django_capture_on_commit_callbacks
) -> None:
    bob = lawyer("bob@qorgau.test")
    case, _key = accepted_case(alice, bob)
    today = dt.date(2026, 5, 4)
    critical_date_add(actor=bob, case=case, kind="response", due=today + dt.timedelta(days=3))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(today) == 1
        assert reminders_send(today) == 0
        assert reminders_send(today + dt.timedelta(days=1)) == 0
        assert reminders_send(today + dt.timedelta(days=2)) == 1
    assert {m.to[0] for m in mail.outbox} >= {"bob@qorgau.test"}
    assert all("response" not in m.body for m in mail.outbox)
    assert CriticalDate.objects.get().reminders_sent == [3, 1]


def test_notes_tasks_and_results_are_sealed_with_the_case_key(alice: User) -> None:
    bob = lawyer("bob@qorgau.test")
    case, key = accepted_case(alice, bob)
    note = note_add(
        actor=bob, case=case, kind="strategy", body="Ходатайство об экспертизе", data_key=key
    )
    assert "экспертиз".encode() not in bytes(note.body_sealed)
    assert note_body(note, key) == "Ходатайство об экспертизе"
    _other, other_key = open_case(alice)
    with pytest.raises(DecryptionFailed):
        note_body(note, other_key)


def test_closing_a_case_records_the_stage_and_the_outcome(alice: User) -> None:
    bob = lawyer("bob@qorgau.test")
    case, _key = accepted_case(alice, bob)
    services.case_update(
        actor=bob, case=case, stage="closed", outcome="acquittal", impact=["precedent"]
    )
    case.refresh_from_db()
    assert case.closed_at is not None and case.is_closed
    assert case.events.filter(kind="closed").exists()
    with pytest.raises(ValueError):
        services.case_update(actor=bob, case=case, outcome="victory")


def test_a_citation_must_be_a_key_but_need_not_be_known(alice: User) -> None:
    from qorgau.library.citations import CitationError

    case, _key = open_case(alice)
    citation_add(actor=alice, case=case, key="kz-cc:274:2")
    with pytest.raises(CitationError):
        citation_add(actor=alice, case=case, key="статья 274")
    assert list(case.citations.values_list("key", flat=True)) == ["kz-cc:274:2"]


def test_events_are_append_only(alice: User) -> None:
    case, _key = open_case(alice)
    event = case.events.get()
    with pytest.raises(PermissionError):
        event.save()


def test_a_lawyer_without_keys_cannot_be_offered_a_case(alice: User) -> None:
    nokeys = lawyer("nokeys@qorgau.test", keys=False)
    case, key = open_case(alice)
    with pytest.raises(services.NoKeyPairError):
        case_offer(actor=alice, case=case, lawyer=nokeys, summary="s", data_key=key)
    assert not CaseOffer.objects.exists()
    assert Case.objects.get().lawyer is None
