"""Personal API tokens: staff only, created after re-authentication, shown once."""

import pytest
from django.test import Client

from qorgau.accounts.models import ApiToken, User

pytestmark = pytest.mark.django_db


def test_token_pages_send_anonymous_visitors_to_sign_in(client: Client) -> None:
    assert client.get("/en/accounts/tokens/").status_code == 302


def test_members_have_no_api_tokens(login_as, charlie: User) -> None:
    client = login_as(charlie)
    assert client.get("/en/accounts/tokens/").status_code == 403
    assert (
        client.post(
            "/en/accounts/tokens/new/", {"name": "x", "scope": "read", "days": 30}
        ).status_code
        == 403
    )


def test_a_new_token_is_shown_once_and_works(login_as, bob: User) -> None:
    client = login_as(bob)
    html = client.post(
        "/en/accounts/tokens/new/", {"name": "case sync", "scope": "read", "days": 7}
    ).content.decode()
    secret = html.split('id="new-token">', 1)[1].split("<", 1)[0]
    assert secret.startswith("qg_")
    assert secret not in client.get("/en/accounts/tokens/").content.decode()
    assert (
        Client().get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code
        == 200
    )


def test_someone_elses_token_cannot_be_revoked(login_as, bob: User, alice: User) -> None:
    login_as(bob).post("/en/accounts/tokens/new/", {"name": "mine", "scope": "read", "days": 7})
    token = ApiToken.objects.get(user=bob)
    assert login_as(alice).post(f"/en/accounts/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
