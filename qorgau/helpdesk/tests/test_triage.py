"""Triage: the queue by urgency, the assessment with its sealed reasoning, and its decision."""

import datetime as dt

import pytest
from django.utils import timezone

from qorgau.accounts.models import User
from qorgau.core.crypto import DecryptionFailed
from qorgau.helpdesk.models import HelpRequest, TriageAssessment
from qorgau.helpdesk.tests.cases_support import _request_key, region
from qorgau.helpdesk.tests.intake_support import give_keys, submit, unlock
from qorgau.helpdesk.triage import assessment_texts, triage_assess
from qorgau.network.models import Organisation

pytestmark = pytest.mark.django_db

ANSWERS = {
    "journalistic_function": "yes",
    "journalism_link": "yes",
    "public_interest": "high",
    "jurisdiction": "kz",
    "risk": "medium",
    "strategic": "low",
}


def test_the_queue_puts_urgent_requests_first_then_the_oldest(alice: User, login_as) -> None:
    today = timezone.localdate()
    calm = submit("спокойный")
    calm.request.received_on = today - dt.timedelta(days=10)
    calm.request.save(update_fields=["received_on"])
    hearing = submit("суд скоро", next_hearing=today + dt.timedelta(days=3))
    detained = submit("задержан", detained=True)
    later_deadline = submit("срок нескоро", next_deadline=today + dt.timedelta(days=30))
    page = login_as(alice).get("/en/help/queue/").content.decode()
    order = [r.request.reference for r in (hearing, detained, calm, later_deadline)]
    positions = [page.index(f">{ref}<") for ref in order]
    assert positions == sorted(positions)
    assert "someone is detained" in page and "hearing within 7 days" in page
    assert "спокойный" not in page  # the queue shows routing facts only


def test_the_queue_filters_by_region_forum_and_kind(alice: User, login_as) -> None:
    almaty = region()
    submit("a", region_id=almaty.pk, forum="civil", requester_kind="blogger")
    other = submit("b", forum="criminal", requester_kind="journalist")
    page = (
        login_as(alice)
        .get(
            "/en/help/queue/", {"region": almaty.pk, "forum": "civil", "requester_kind": "blogger"}
        )
        .content.decode()
    )
    assert "1 request" in page and f">{other.request.reference}<" not in page


def test_lawyers_and_members_do_not_find_the_queue(bob: User, charlie: User, login_as) -> None:
    assert login_as(bob).get("/en/help/queue/").status_code == 404
    assert login_as(charlie).get("/en/help/queue/").status_code == 404


def test_an_assessment_seals_its_reasoning_and_sets_the_status(alice: User) -> None:
    give_keys(alice)
    help_request = submit().request
    key = _request_key(help_request, alice)
    assessment = triage_assess(
        actor=alice,
        help_request=help_request,
        data_key=key,
        decision="accept",
        reasoning="Публикация о госзакупках, явный общественный интерес",
        **ANSWERS,
    )
    help_request.refresh_from_db()
    assert help_request.status == HelpRequest.Status.ACCEPTED
    assert "госзакуп".encode() not in bytes(assessment.reasoning_sealed)
    assert assessment_texts(assessment, key)["reasoning"].startswith("Публикация")
    other_key = _request_key(submit().request, alice)
    with pytest.raises(DecryptionFailed):
        assessment_texts(assessment, other_key)


def test_a_decline_or_referral_needs_a_reason(alice: User) -> None:
    give_keys(alice)
    help_request = submit().request
    key = _request_key(help_request, alice)
    with pytest.raises(ValueError, match="reason"):
        triage_assess(
            actor=alice, help_request=help_request, data_key=key, decision="decline", **ANSWERS
        )
    partner = Organisation.objects.create(name="Adil Soz", kind="legal_ngo")
    with pytest.raises(ValueError, match="organisation"):
        triage_assess(
            actor=alice,
            help_request=help_request,
            data_key=key,
            decision="refer",
            reason="x",
            **ANSWERS,
        )
    triage_assess(
        actor=alice,
        help_request=help_request,
        data_key=key,
        decision="refer",
        reason="Нужен иск в Комитет ООН",
        refer_to=partner,
        **ANSWERS,
    )
    help_request.refresh_from_db()
    assert help_request.status == HelpRequest.Status.REFERRED
    assert TriageAssessment.objects.get().refer_to == partner


def test_the_triage_form_keeps_what_was_typed_when_the_reason_is_missing(
    alice: User, login_as
) -> None:
    give_keys(alice)
    help_request = submit().request
    client = unlock(login_as(alice), alice)
    page = client.post(
        f"/en/help/requests/{help_request.pk}/triage/",
        {**ANSWERS, "decision": "decline", "reasoning": "Не журналистская деятельность"},
    ).content.decode()
    assert "needs a reason" in page
    assert "Не журналистская деятельность" in page
    assert not TriageAssessment.objects.exists()


def test_the_triage_page_saves_an_assessment_and_opens_the_case(alice: User, login_as) -> None:
    give_keys(alice)
    help_request = submit(detained=True, forum="criminal").request
    client = unlock(login_as(alice), alice)
    response = client.post(
        f"/en/help/requests/{help_request.pk}/triage/", {**ANSWERS, "decision": "accept"}
    )
    assert response.status_code == 302
    response = client.post(
        f"/en/help/requests/{help_request.pk}/case/",
        {
            "kind": "criminal_defence",
            "forum": "criminal",
            "risk": "high",
            "summary": "Задержан",
            "detained": "on",
        },
    )
    assert response.status_code == 302 and "/help/cases/" in response["Location"]
    case = help_request.__class__.objects.get(pk=help_request.pk).case
    assert case.detained and case.forum == "criminal"
