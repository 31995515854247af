"""The network statistics: requests by kind, region and month, rates, delays and outcomes."""

import pytest
from django.utils import translation

from qorgau.accounts.models import User
from qorgau.helpdesk import cases as services
from qorgau.helpdesk.offers import case_offer, offer_accept
from qorgau.helpdesk.queries import network_statistics
from qorgau.helpdesk.tests.cases_support import accepted_request, lawyer, region
from qorgau.helpdesk.tests.intake_support import give_keys, submit

pytestmark = pytest.mark.django_db


def test_statistics_count_requests_decisions_and_outcomes(alice: User, login_as) -> None:
    give_keys(alice)
    almaty = region()
    accepted = accepted_request(alice, requester_kind="journalist", region_id=almaty.pk)
    submit("b", requester_kind="blogger")
    submit("c", requester_kind="journalist")
    bob = lawyer("bob@qorgau.test")
    case, key = services.case_open_from_request(
        actor=alice, help_request=accepted, kind="criminal_defence", summary="s"
    )
    offer = case_offer(actor=alice, case=case, lawyer=bob, summary="s", data_key=key)
    offer_accept(actor=bob, offer=offer)
    case.refresh_from_db()
    services.case_update(actor=bob, case=case, stage="closed", outcome="acquittal")

    with translation.override("en"):
        stats = network_statistics()
    assert stats.requests == 3
    assert dict(stats.by_kind) == {"journalist": 2, "blogger": 1}
    assert dict(stats.by_region)["Almaty"] == 1
    assert dict(stats.by_forum) == {"don't know": 3}
    assert stats.assessed == 1 and stats.acceptance_percent == 100
    assert stats.first_response_days == 0 and stats.acceptance_days == 0
    assert stats.success_percent == 100

    page = login_as(alice).get("/en/help/statistics/").content.decode()
    assert "3 requests received" in page and "acquittal" in page


def test_lawyers_do_not_see_the_statistics_page(bob: User, login_as) -> None:
    assert login_as(bob).get("/en/help/statistics/").status_code == 404
