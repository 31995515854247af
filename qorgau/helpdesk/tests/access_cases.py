"""Triage and case pages in the site-wide access table (see qorgau/core/tests/test_access.py).

Case pages are listed for lawyers: `objects(owner)` makes the owner the lawyer who accepted the
case, so a lawyer gets through and anyone else (a member, a trainer) gets 404. Pages for
coordinators only answer 404 to everyone else as well."""

import secrets
from datetime import timedelta
from typing import Any

from django.utils import timezone

from qorgau.accounts.models import User

ACCESS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "helpdesk:queue": ("coordinator", "get", {}),
    "helpdesk:statistics": ("coordinator", "get", {}),
    "helpdesk:triage": ("coordinator", "get", {"pk": "hd_request"}),
    "helpdesk:request-conflict-check": ("coordinator", "post", {"pk": "hd_request"}),
    "helpdesk:case-open-from-request": ("coordinator", "post", {"pk": "hd_request"}),
    "helpdesk:cases": ("lawyer", "get", {}),
    "helpdesk:case-create": ("coordinator", "get", {}),
    "helpdesk:case-detail": ("lawyer", "get", {"pk": "hd_case"}),
    "helpdesk:case-act": ("lawyer", "post", {"pk": "hd_case", "action": "note"}),
    "helpdesk:case-document": ("lawyer", "get", {"pk": "hd_case", "version": "hd_version"}),
    "helpdesk:case-match": ("coordinator", "get", {"pk": "hd_case"}),
    # The lawyer of the case writes to the requester; an observer is refused (403, see
    # test_case_messages), anyone else gets 404.
    "helpdesk:case-message": ("lawyer", "post", {"pk": "hd_case"}),
    "helpdesk:case-refer": ("lawyer", "get", {"pk": "hd_case"}),
    "helpdesk:referral-revoke": ("lawyer", "post", {"pk": "hd_case", "referral": "hd_referral"}),
    "helpdesk:shared": ("public", "get", {}),
    "helpdesk:offers": ("lawyer", "get", {}),
    "helpdesk:disclosures": ("custodian", "get", {}),
    "helpdesk:offer-detail": ("lawyer", "get", {"pk": "hd_offer"}),
    "helpdesk:offer-withdraw": ("coordinator", "post", {"pk": "hd_offer"}),
}


def objects(owner: User) -> dict[str, Any]:
    from qorgau.helpdesk.models import (
        Case,
        CaseDocument,
        CaseDocumentVersion,
        CaseOffer,
        CaseReferral,
        EncryptedFile,
        HelpRequest,
    )

    tag = secrets.token_hex(4)
    help_request = HelpRequest.objects.create(
        sealed=b"", receipt_lookup=f"access-{tag}", submission=f"access-{tag}"
    )
    from_request = HelpRequest.objects.create(
        sealed=b"", receipt_lookup=f"access-case-{tag}", submission=f"access-case-{tag}"
    )
    case = Case.objects.create(
        number=f"QG-T-{tag}",
        codename=f"Access {tag}",
        kind="criminal_defence",
        lawyer=owner,
        accepted_at=timezone.now(),
        help_request=from_request,
    )
    offered = Case.objects.create(number=f"QG-O-{tag}", codename=f"Offer {tag}", kind="copyright")
    offer = CaseOffer.objects.create(
        case=offered, lawyer=owner, summary_sealed=b"", key_for_lawyer=b"", key_for_coordinator=b""
    )
    file = EncryptedFile.objects.create(
        file_type="pdf",
        size=1,
        original_name=f"helpdesk/{tag}",
        cleaning="not_needed",
        sealed_details=b"",
    )
    document = CaseDocument.objects.create(case=case, title_sealed=b"")
    version = CaseDocumentVersion.objects.create(document=document, number=1, file=file)
    referral = CaseReferral.objects.create(
        case=case, code_hash=f"access-{tag}", expires_at=timezone.now() + timedelta(days=1)
    )
    return {
        "hd_referral": referral.pk,
        "hd_request": help_request.pk,
        "hd_case": case.pk,
        "hd_offer": offer.pk,
        "hd_version": version.pk,
    }
