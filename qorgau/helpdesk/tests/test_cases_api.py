"""The API of triage and cases: anonymous, forbidden and allowed for each call; facts only."""

import pytest
from django.test import Client

from qorgau.accounts import services as accounts
from qorgau.accounts.models import User
from qorgau.helpdesk.tests.cases_support import accepted_case, lawyer, open_case
from qorgau.helpdesk.tests.intake_support import submit

pytestmark = pytest.mark.django_db


def _auth(user: User) -> dict[str, str]:
    secret = accounts.api_token_create(user=user, name="script", scope="read", days=30).secret
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/helpdesk/queue",
        "/api/v1/helpdesk/cases",
        "/api/v1/helpdesk/statistics",
        "/api/v1/helpdesk/cases/1",
    ],
)
def test_anonymous_callers_need_a_token(client: Client, path: str) -> None:
    assert client.get(path).status_code == 401


def test_the_queue_and_statistics_are_for_coordinators(
    alice: User, charlie: User, client: Client
) -> None:
    bob = lawyer("bob@qorgau.test")
    submit("секрет описания", detained=True)
    for person in (bob, charlie):
        assert client.get("/api/v1/helpdesk/queue", **_auth(person)).status_code == 404
        assert client.get("/api/v1/helpdesk/statistics", **_auth(person)).status_code == 404
    response = client.get("/api/v1/helpdesk/queue", **_auth(alice))
    assert response.status_code == 200
    assert response.json()[0]["urgent"] is True
    assert "секрет" not in response.content.decode()
    assert client.get("/api/v1/helpdesk/statistics", **_auth(alice)).json()["requests"] == 1


def test_a_lawyer_lists_and_reads_only_their_cases(
    alice: User, charlie: User, client: Client
) -> None:
    bob = lawyer("bob@qorgau.test")
    mine, _key = accepted_case(alice, bob)
    other, _key = open_case(alice)
    listed = client.get("/api/v1/helpdesk/cases", **_auth(bob)).json()
    assert [c["number"] for c in listed] == [mine.number]
    assert client.get(f"/api/v1/helpdesk/cases/{mine.pk}", **_auth(bob)).json()["lawyer"] == bob.pk
    assert client.get(f"/api/v1/helpdesk/cases/{other.pk}", **_auth(bob)).status_code == 404
    assert client.get(f"/api/v1/helpdesk/cases/{mine.pk}", **_auth(charlie)).status_code == 404
    assert client.get("/api/v1/helpdesk/cases", **_auth(charlie)).status_code == 404
    everything = client.get("/api/v1/helpdesk/cases", **_auth(alice)).json()
    assert len(everything) == 2
    assert "Журналиста" not in str(everything)
