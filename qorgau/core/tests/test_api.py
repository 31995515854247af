"""The REST API: tokens and their scopes, the error shape, documents served from here."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation

from qorgau.accounts import services
from qorgau.accounts.models import ApiToken, User
from qorgau.core.models import AuditEvent, CalendarOverride

pytestmark = pytest.mark.django_db

OVERRIDE = {
    "date": "2026-08-31",
    "kind": "day_off",
    "reason_kk": "Үкімет қаулысы",
    "reason_ru": "Постановление Правительства",
    "reason_en": "Government decree",
}


def _token(user: User, scope: str = "read", days: int = 30) -> str:
    return services.api_token_create(user=user, name="script", scope=scope, days=days).secret


def _auth(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_regions_are_public_and_complete(client: Client) -> None:
    regions = client.get("/api/v1/regions").json()
    codes = {region["code"] for region in regions}
    assert len(codes) == 20
    assert {"KZ-10", "KZ-33", "KZ-62", "KZ-71", "KZ-75", "KZ-79"} <= codes
    abai = next(r for r in regions if r["code"] == "KZ-10")
    assert abai["name_kk"] == "Абай облысы"


def test_the_deadline_calculator_explains_skipped_days(client: Client) -> None:
    data = client.get(
        "/api/v1/calendar/deadline", {"start": "2025-03-20", "days": 3, "kind": "working"}
    ).json()
    assert data["due"] == "2025-03-28"
    assert "2025-03-21" in [day["date"] for day in data["skipped"]]


def test_me_needs_a_token(client: Client) -> None:
    response = client.get("/api/v1/accounts/me", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["code"] == "unauthenticated"
    with translation.override("ru"):
        assert error["message"] == translation.gettext(
            "A valid API token is required (Authorization: Bearer …)."
        )


def test_a_token_identifies_its_owner(client: Client, bob: User) -> None:
    data = client.get("/api/v1/accounts/me", **_auth(_token(bob))).json()
    assert data["email"] == "bob@qorgau.test"
    assert data["roles"] == ["lawyer"]
    assert ApiToken.objects.get(user=bob).last_used_on == timezone.localdate()


def test_only_a_hash_of_the_token_is_stored(bob: User) -> None:
    token = _token(bob)
    stored = ApiToken.objects.get(user=bob)
    secret = token.removeprefix(f"qg_{stored.prefix}_")
    assert len(secret) >= 40
    assert secret not in stored.key_hash
    assert stored.key_hash == ApiToken.hash_secret(secret)


@pytest.mark.parametrize("change", ["revoked", "expired", "deactivated", "tampered"])
def test_an_unusable_token_is_refused(client: Client, bob: User, dana: User, change: str) -> None:
    token = _token(bob)
    row = ApiToken.objects.get(user=bob)
    if change == "revoked":
        services.api_token_revoke(user=bob, token=row)
    elif change == "expired":
        ApiToken.objects.filter(pk=row.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    elif change == "deactivated":
        services.user_set_active(actor=dana, user=bob, active=False)
    else:
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get("/api/v1/accounts/me", **_auth(token)).status_code == 401


def test_a_read_token_cannot_write(client: Client, dana: User) -> None:
    response = client.post(
        "/api/v1/calendar/overrides",
        OVERRIDE,
        content_type="application/json",
        **_auth(_token(dana)),
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert not CalendarOverride.objects.exists()


def test_a_write_token_without_the_role_is_forbidden(client: Client, alice: User) -> None:
    response = client.post(
        "/api/v1/calendar/overrides",
        OVERRIDE,
        content_type="application/json",
        **_auth(_token(alice, scope="write")),
    )
    assert response.status_code == 403
    assert not CalendarOverride.objects.exists()


def test_an_administrator_with_a_write_token_corrects_the_calendar(
    client: Client, dana: User
) -> None:
    response = client.post(
        "/api/v1/calendar/overrides",
        OVERRIDE,
        content_type="application/json",
        **_auth(_token(dana, scope="write")),
    )
    assert response.status_code == 201
    assert CalendarOverride.objects.get().reason_en == "Government decree"
    assert AuditEvent.objects.filter(action="create", object_type="core.calendaroverride").exists()


def test_invalid_input_gets_the_one_error_shape_in_the_callers_language(
    client: Client, dana: User
) -> None:
    response = client.post(
        "/api/v1/calendar/overrides",
        {**OVERRIDE, "date": "not a date"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="kk",
        **_auth(_token(dana, scope="write")),
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["details"][0]["field"].endswith("date")
    with translation.override("kk"):
        assert error["message"] == translation.gettext("Some values are missing or not valid.")


def test_the_audit_api_is_for_administrators_and_uses_the_page_filter(
    client: Client, dana: User, bob: User
) -> None:
    services.login_success_record(user=bob, method="password")
    assert client.get("/api/v1/audit/events", **_auth(_token(bob))).status_code == 403
    data = client.get("/api/v1/audit/events", {"action": "login"}, **_auth(_token(dana))).json()
    assert data["count"] == 1
    assert data["items"][0]["actor"] == "bob@qorgau.test"


def test_the_openapi_document_and_docs_are_served_from_here(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/regions" in schema["paths"]
    html = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
