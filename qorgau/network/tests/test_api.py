"""GET /api/v1/network/lawyers and /organisations: public, and only what the public may know."""

import pytest
from django.test import Client

from qorgau.network.tests.factories import make_lawyer, make_organisation

pytestmark = pytest.mark.django_db


def test_the_lawyer_list_is_public_and_holds_only_consenting_lawyers(client: Client) -> None:
    make_lawyer(
        "bob@qorgau.test",
        name="Болат Ермеков",
        public_profile_consent=True,
        public_bio_ru="Уголовная защита.",
        bar_licence_number="АК-777001",
    )
    make_lawyer("hidden@qorgau.test", name="Скрытый Юрист")
    response = client.get("/api/v1/network/lawyers", headers={"accept-language": "ru"})
    assert response.status_code == 200
    body = response.json()
    assert [row["name"] for row in body] == ["Болат Ермеков"]
    assert body[0]["regions"][0]["code"] == "KZ-75"
    assert body[0]["bio"] == "Уголовная защита." and body[0]["bio_language"] == "ru"
    assert "@" not in response.content.decode() and "АК-777001" not in response.content.decode()


def test_the_lawyer_list_filters_and_rejects_an_unknown_filter_in_the_callers_language(
    client: Client,
) -> None:
    make_lawyer("bob@qorgau.test", public_profile_consent=True, expertise=["copyright"])
    assert len(client.get("/api/v1/network/lawyers?expertise=copyright").json()) == 1
    assert client.get("/api/v1/network/lawyers?expertise=personal_data").json() == []
    response = client.get(
        "/api/v1/network/lawyers?expertise=tax", headers={"accept-language": "ru"}
    )
    assert response.status_code == 422
    assert response.json()["error"]["message"].startswith("Выберите")


def test_the_organisation_list_holds_only_public_organisations(client: Client) -> None:
    make_organisation("Open Clinic", public=True, contact_email="team@clinic.example")
    make_organisation("Quiet Partner", public=False)
    body = client.get("/api/v1/network/organisations").json()
    assert [row["name"] for row in body] == ["Open Clinic"]
    assert "contact_email" not in body[0]
