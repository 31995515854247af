"""Messages with the requester from a case: the lawyer writes and reads through the case's key,
the requester through their receipt code, and the lawyer never holds the request's own key."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from qorgau.accounts.models import Role, User
from qorgau.conftest import make_user, sign_in
from qorgau.core.crypto import DecryptionFailed, seal_text, unseal, unwrap_with
from qorgau.core.models import AuditEvent
from qorgau.helpdesk import cases as services
from qorgau.helpdesk.conversation import case_message_key
from qorgau.helpdesk.intake import data_key_for_user
from qorgau.helpdesk.models import Case, CaseEvent, CaseKeyGrant, HelpRequest, RequestMessage
from qorgau.helpdesk.offers import case_offer, offer_accept
from qorgau.helpdesk.tasks import notify_lawyers
from qorgau.helpdesk.tests.cases_support import accept_at_triage, lawyer
from qorgau.helpdesk.tests.intake_support import give_keys, private_key_of, submit, unlock

pytestmark = pytest.mark.django_db

DESCRIPTION = "Меня вызвали на допрос по статье 274 УК за пост о тендере."
NAME = "Айгерим Сапарова"


def _accepted(alice: User) -> tuple[HelpRequest, str]:
    """A request filed through the real intake (with the requester's name) and accepted."""
    give_keys(alice)
    submitted = submit(DESCRIPTION, name=NAME, contact="Signal +7 700 000 00 00")
    help_request = accept_at_triage(alice, submitted.request)
    return help_request, submitted.code


def _taken_by(case: Case, alice: User, bob: User) -> Case:
    grant = CaseKeyGrant.objects.get(case=case, user=alice)
    case_key = unwrap_with(private_key_of(alice), bytes(grant.wrapped))
    offer = case_offer(
        actor=alice, case=case, lawyer=bob, summary="Уголовное дело, Алматы", data_key=case_key
    )
    offer_accept(actor=bob, offer=offer)
    case.refresh_from_db()
    return case


@pytest.fixture
def story(alice: User) -> dict[str, Any]:
    """Alice opens the case from the request on its page; Bob, a lawyer, takes it."""
    help_request, code = _accepted(alice)
    coordinator = unlock(sign_in(Client(), alice), alice)
    response = coordinator.post(
        f"/ru/help/requests/{help_request.pk}/case/",
        {"kind": "criminal_defence", "forum": "criminal", "risk": "high", "summary": "Допрос"},
    )
    assert response.status_code == 302
    case = Case.objects.get(help_request=help_request)
    bob = lawyer("bob@qorgau.test", name="Болат Ермеков")
    _taken_by(case, alice, bob)
    return {
        "request": help_request,
        "code": code,
        "case": case,
        "alice": alice,
        "coordinator": coordinator,
        "bob": bob,
        "lawyer": unlock(sign_in(Client(), bob), bob),
    }


def _requester(code: str, language: str = "en") -> Client:
    client = Client()
    response = client.post(f"/{language}/help/status/", {"code": code})
    assert response.status_code == 302
    return client


def test_the_lawyer_writes_and_the_requester_reads_it_with_the_receipt_code(story) -> None:
    case = story["case"]
    response = story["lawyer"].post(
        f"/en/help/cases/{case.pk}/messages/", {"body": "Приходите в среду к 10:00."}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#messages")

    status = _requester(story["code"]).get("/en/help/status/").content.decode()
    assert "Приходите в среду к 10:00." in status
    assert "your lawyer" in status
    assert "Болат" not in status  # the requester is not told the lawyer's name
    assert "Your lawyer and the coordinators read what you write here" in status
    assert all(m.to != [] and "Приходите" not in m.body for m in mail.outbox)

    event = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.MESSAGE)
    assert event.actor == story["bob"] and "Приходите" not in str(event.context)
    message = RequestMessage.objects.get()
    assert message.sealed_with == RequestMessage.SealedWith.MESSAGE_KEY and message.from_lawyer
    assert AuditEvent.objects.filter(
        actor=story["bob"],
        action=AuditEvent.Action.CREATE,
        object_type="helpdesk.requestmessage",
        object_id=str(message.pk),
    ).exists()


def test_the_requester_writes_and_the_lawyer_reads_it_on_the_case_page(
    story, django_capture_on_commit_callbacks
) -> None:
    case = story["case"]
    mail.outbox.clear()
    requester = _requester(story["code"], "ru")
    with django_capture_on_commit_callbacks(execute=True):
        requester.post("/ru/help/status/message/", {"body": "Мне снова звонил следователь."})

    page = story["lawyer"].get(f"/ru/help/cases/{case.pk}/").content.decode()
    assert "Мне снова звонил следователь." in page
    # Told without content and without naming the case (the mail is timed to the second; the
    # message keeps only the day): a link to the lawyer's list of cases.
    to_bob = [m for m in mail.outbox if m.to == [story["bob"].email]]
    assert len(to_bob) == 1
    assert "/help/cases/\n" in to_bob[0].body
    assert f"/cases/{case.pk}/" not in to_bob[0].body
    assert "следователь" not in to_bob[0].subject + to_bob[0].body
    assert not RequestMessage.objects.filter(lawyer_to_be_told=True).exists()
    mail.outbox.clear()
    assert notify_lawyers.call() == 0  # told once
    assert mail.outbox == []
    # Every read of the conversation is in the audit log.
    assert AuditEvent.objects.filter(
        actor=story["bob"],
        action=AuditEvent.Action.VIEW,
        context__read="messages with the requester",
    ).exists()


def test_the_lawyers_access_opens_neither_the_intake_nor_the_identity(story) -> None:
    case, help_request, bob = story["case"], story["request"], story["bob"]
    story["lawyer"].post(f"/ru/help/cases/{case.pk}/messages/", {"body": "Вопрос по делу"})
    page = story["lawyer"].get(f"/ru/help/cases/{case.pk}/").content.decode()
    assert "Вопрос по делу" in page
    assert NAME not in page and DESCRIPTION not in page and "+7 700" not in page

    # Everything Bob's private key opens: his case grant, then the conversation key.
    bob_private = private_key_of(bob)
    assert data_key_for_user(help_request=help_request, user=bob, private_key=bob_private) is None
    grant = CaseKeyGrant.objects.get(case=case, user=bob, active=True)
    case_key = unwrap_with(bob_private, bytes(grant.wrapped))
    message_key = case_message_key(case, case_key)
    assert message_key is not None
    help_request.refresh_from_db()
    for reachable in (case_key, message_key):
        with pytest.raises(DecryptionFailed):
            unseal(reachable, bytes(help_request.sealed), aad=help_request.aad)
    # The request's key is not what the conversation key is, nor sealed under it.
    alice_key = data_key_for_user(
        help_request=help_request, user=story["alice"], private_key=private_key_of(story["alice"])
    )
    assert alice_key not in (case_key, message_key)
    assert not any(
        bytes(g.wrapped_key) for g in help_request.grants.filter(user=bob)
    )  # no grant of the request for Bob at all


def test_an_unrelated_lawyer_a_monitor_and_anonymous_cannot(story) -> None:
    case = story["case"]
    url = f"/en/help/cases/{case.pk}/messages/"
    other = lawyer("erlan@qorgau.test", name="Ерлан")
    monitor = make_user("monitor@qorgau.test", Role.MONITOR)
    for person in (other, monitor, make_user("charlie@qorgau.test", Role.MEMBER)):
        client = sign_in(Client(), person)
        if hasattr(person, "keypair"):
            unlock(client, person)
        assert client.post(url, {"body": "x"}).status_code == 404
        assert client.get(f"/en/help/cases/{case.pk}/").status_code == 404
    anonymous = Client().post(url, {"body": "x"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert not RequestMessage.objects.exists()


def test_an_observer_reads_the_conversation_without_a_form_and_cannot_send(story) -> None:
    case = story["case"]
    story["lawyer"].post(f"/en/help/cases/{case.pk}/messages/", {"body": "Для наблюдателя"})
    observer = give_keys(make_user("olga@qorgau.test", Role.OBSERVER))
    services.case_grant(
        actor=story["alice"],
        case=case,
        user=observer,
        data_key=unwrap_with(
            private_key_of(story["alice"]),
            bytes(CaseKeyGrant.objects.get(case=case, user=story["alice"]).wrapped),
        ),
    )
    client = unlock(sign_in(Client(), observer), observer)
    page = client.get(f"/en/help/cases/{case.pk}/").content.decode()
    assert "Для наблюдателя" in page
    assert f"/help/cases/{case.pk}/messages/" not in page
    assert client.post(f"/en/help/cases/{case.pk}/messages/", {"body": "x"}).status_code == 403
    assert RequestMessage.objects.count() == 1


def test_an_empty_message_is_refused_in_the_readers_language(story) -> None:
    case = story["case"]
    response = story["lawyer"].post(f"/ru/help/cases/{case.pk}/messages/", {"body": "   "})
    assert response.status_code == 400
    assert "Сначала напишите сообщение." in response.content.decode()
    assert not RequestMessage.objects.exists()


def test_the_text_is_kept_when_the_keys_are_locked(story) -> None:
    case, bob = story["case"], story["bob"]
    locked = sign_in(Client(), bob)  # signed in, keys not unlocked in this session
    response = locked.post(f"/en/help/cases/{case.pk}/messages/", {"body": "Текст не пропадёт"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Текст не пропадёт" in page and "unlock your keys" in page
    assert not RequestMessage.objects.exists()


def test_old_messages_sealed_with_the_request_key_still_read(story) -> None:
    help_request, case = story["request"], story["case"]
    alice = story["alice"]
    data_key = data_key_for_user(
        help_request=help_request, user=alice, private_key=private_key_of(alice)
    )
    old = RequestMessage(
        request=help_request,
        direction=RequestMessage.Direction.FROM_REQUESTER,
        sealed_with=RequestMessage.SealedWith.DATA_KEY,
    )
    old.body = seal_text(data_key, "Старое сообщение координаторам", aad=old.aad)
    old.save()

    status = _requester(story["code"]).get("/en/help/status/").content.decode()
    assert "Старое сообщение координаторам" in status
    request_page = story["coordinator"].get(f"/en/help/requests/{help_request.pk}/")
    assert "Старое сообщение координаторам" in request_page.content.decode()
    coordinator_case = story["coordinator"].get(f"/en/help/cases/{case.pk}/").content.decode()
    assert "Старое сообщение координаторам" in coordinator_case
    lawyer_page = story["lawyer"].get(f"/en/help/cases/{case.pk}/").content.decode()
    assert "Старое сообщение координаторам" not in lawyer_page
    assert "it stays with the coordinators" in lawyer_page


def test_a_case_opened_before_the_key_existed_gets_it_when_a_coordinator_opens_it(
    alice: User,
) -> None:
    help_request, code = _accepted(alice)
    # Opened by the service alone, as cases were before conversations had their own key.
    case, _key = services.case_open_from_request(
        actor=alice, help_request=help_request, kind="criminal_defence", summary="Допрос"
    )
    bob = lawyer("bob@qorgau.test")
    _taken_by(case, alice, bob)
    assert not case.message_key_sealed
    requester = _requester(code)
    requester.post("/en/help/status/message/", {"body": "Пишу до открытия"})
    bobs = unlock(sign_in(Client(), bob), bob)
    url = f"/en/help/cases/{case.pk}/"
    assert "not open to this case yet" in bobs.get(url).content.decode()
    refused = bobs.post(url + "messages/", {"body": "Рано"})
    assert refused.status_code == 400 and "Рано" in refused.content.decode()

    unlock(sign_in(Client(), alice), alice).get(url)  # the coordinator opens the case

    case.refresh_from_db()
    assert case.message_key_sealed
    page = bobs.get(url).content.decode()
    assert "Пишу до открытия" in page
    assert bobs.post(url + "messages/", {"body": "Теперь можно"}).status_code == 302
    assert "Теперь можно" in requester.get("/en/help/status/").content.decode()
