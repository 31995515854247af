"""Markers for the encryption proof (test_encryption_proof.py): a case opened from the request,
with a marker in every free-text field of triage, conflict checks, offers and the case record
(summary, parties, proceedings, hearings, tasks, notes, documents, expenses) and the lawyer's
message to the requester, each planted through the pages people use, and read back on them to
show it really went in.

P0 by design, and so not planted: the name of a court or body and the place of a hearing
(public facts about the state's side), dates, kinds, stages and citation keys.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from qorgau.accounts.models import Role
from qorgau.conftest import make_user, sign_in
from qorgau.helpdesk.models import Case, CaseDocumentVersion, CaseOffer, ConflictCheck

from .cases_support import lawyer
from .intake_support import give_keys, pdf_with_author, unlock

ANSWERS = {
    "journalistic_function": "yes",
    "journalism_link": "yes",
    "public_interest": "high",
    "jurisdiction": "kz",
    "risk": "high",
    "strategic": "high",
}


def _ok(response: Any) -> None:
    assert response.status_code in (200, 302), response.status_code


def plant(markers: Any, *, help_request: Any, coordinator: Any, client: Client) -> None:
    pk = help_request.pk
    triage = f"/ru/help/requests/{pk}/triage/"
    _ok(
        client.post(
            triage,
            {
                **ANSWERS,
                "decision": "more_info",
                "reasoning": markers.new("triage reasoning"),
                "reason": markers.new("triage reason"),
            },
        )
    )
    _ok(
        client.post(
            triage,
            {**ANSWERS, "decision": "accept", "reasoning": markers.new("acceptance reasoning")},
        )
    )
    _ok(
        client.post(
            f"/ru/help/requests/{pk}/conflicts/", {"name": markers.new("request conflict name")}
        )
    )
    _ok(
        client.post(
            f"/ru/help/requests/{pk}/case/",
            {
                "kind": "criminal_defence",
                "forum": "criminal",
                "risk": "high",
                "summary": markers.new("case summary"),
            },
        )
    )
    case = Case.objects.get(help_request=help_request)
    act = f"/ru/help/cases/{case.pk}/do/"

    # Offers: one declined with a note, one accepted.
    first = lawyer("proof-one@qorgau.test", name="Первый Юрист")
    second = lawyer("proof-two@qorgau.test", name="Второй Юрист")
    match = f"/ru/help/cases/{case.pk}/match/"
    _ok(client.post(match, {"lawyer": first.pk, "summary": markers.new("offer summary")}))
    _ok(client.post(match, {"lawyer": second.pk, "summary": markers.new("second offer summary")}))
    one = unlock(sign_in(Client(), first), first)
    offer = CaseOffer.objects.get(case=case, lawyer=first)
    assert (
        markers.planted["offer summary"] in one.get(f"/ru/help/offers/{offer.pk}/").content.decode()
    )
    _ok(
        one.post(
            f"/ru/help/offers/{offer.pk}/",
            {"answer": "decline", "reason": "other", "note": markers.new("decline note")},
        )
    )
    two = unlock(sign_in(Client(), second), second)
    accepted = CaseOffer.objects.get(case=case, lawyer=second)
    _ok(two.post(f"/ru/help/offers/{accepted.pk}/", {"answer": "accept"}))

    # The case record, written by the lawyer who took it.
    party_name = markers.new("party name")
    _ok(two.post(act + "party/", {"role": "opposing", "kind": "person", "name": party_name}))
    _ok(two.post(act + "party/", {"role": "witness", "kind": "person", "name": party_name}))
    check = ConflictCheck.objects.filter(case=case, status="possible").get()
    _ok(
        two.post(
            act + "decide/",
            {"check": check.pk, "conflict": "0", "reason": markers.new("conflict decision reason")},
        )
    )
    _ok(two.post(act + "conflict/", {"name": markers.new("checked name")}))
    _ok(
        two.post(
            act + "proceeding/",
            {
                "body": "Специализированный межрайонный суд",
                "instance": "first",
                "external_number": markers.new("external case number"),
                "judge_name": markers.new("judge"),
            },
        )
    )
    _ok(
        two.post(
            act + "hearing/",
            {"starts_at": "2026-06-01T10:00", "mode": "in_person", "place": "зал 5"},
        )
    )
    hearing = case.hearings.get()
    _ok(two.post(act + "result/", {"hearing": hearing.pk, "result": markers.new("hearing result")}))
    _ok(two.post(act + "task/", {"title": markers.new("task title")}))
    _ok(two.post(act + "note/", {"kind": "strategy", "body": markers.new("strategy note")}))
    _ok(two.post(act + "note/", {"kind": "file_note", "body": markers.new("file note")}))
    _ok(
        two.post(
            act + "expense/",
            {
                "on": "2026-06-01",
                "minutes": "90",
                "amount": "5000",
                "description": markers.new("expense description"),
            },
        )
    )
    _ok(
        two.post(
            act + "document/",
            {
                "title": markers.new("document title"),
                "file": SimpleUploadedFile(
                    f"{markers.new('document file name', ascii_only=True)}.txt",
                    f"Ходатайство {markers.new('document text')}".encode(),
                ),
            },
        )
    )
    _ok(
        two.post(
            act + "document/",
            {
                "title": "x",
                "file": SimpleUploadedFile(
                    "appeal.pdf",
                    pdf_with_author(markers.new("document PDF author", ascii_only=True)),
                ),
            },
        )
    )
    _ok(two.post(act + "citation/", {"key": "kz-cc:274:2"}))

    # A referral to a partner: cleaned copies under a one-time access code.
    from qorgau.network.models import Organisation

    partner = Organisation.objects.create(name="Proof Partner", kind="legal_ngo")
    versions = [str(v.pk) for v in CaseDocumentVersion.objects.filter(document__case=case)]
    created = two.post(
        f"/ru/help/cases/{case.pk}/refer/",
        {"organisation": partner.pk, "versions": versions, "days": 7},
    ).content.decode()
    code = re.search(r'id="access-code">([^<]+)<', created).group(1)
    markers.planted["referral access code"] = code
    shared = Client().post("/ru/help/shared/", {"code": code}).content.decode()
    assert markers.planted["document file name"] in shared

    # Asking an identity custodian to reveal the requester to the lawyer, with a reason.
    custodian = give_keys(make_user("proof-custodian@qorgau.test", Role.CUSTODIAN))
    _ok(client.post(act + "disclose/", {"reason": markers.new("disclosure reason")}))
    keeper = unlock(sign_in(Client(), custodian), custodian)
    listing = keeper.get("/ru/help/disclosures/").content.decode()
    assert markers.planted["disclosure reason"] in listing

    # The lawyer writes to the requester from the case, under the conversation's key.
    _ok(two.post(f"/ru/help/cases/{case.pk}/messages/", {"body": markers.new("lawyer message")}))

    page = two.get(f"/ru/help/cases/{case.pk}/").content.decode()
    # The requester's message reaches the lawyer; what the requester filed does not.
    assert markers.planted["requester message"] in page
    assert markers.planted["description"] not in page and markers.planted["name"] not in page
    for what in (
        "lawyer message",
        "case summary",
        "party name",
        "strategy note",
        "task title",
        "hearing result",
        "document title",
        "judge",
        "external case number",
        "expense description",
    ):
        assert markers.planted[what] in page, what
    coordinator_page = client.get(f"/ru/help/cases/{case.pk}/").content.decode()
    assert markers.planted["decline note"] not in coordinator_page  # shown on the offer page
    offer_page = client.get(f"/ru/help/offers/{offer.pk}/").content.decode()
    assert markers.planted["decline note"] in offer_page
    triage_page = client.get(triage).content.decode()
    assert markers.planted["triage reason"] in triage_page
