"""The open-data API: shape, filters as query parameters, pagination, figures, errors."""

import datetime

import pytest
from django.test import Client

from qorgau.monitoring.filters import IncidentFilter
from qorgau.monitoring.schemas import IncidentQuery
from qorgau.monitoring.tests.public_sample import make_incident

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_list_has_count_items_and_pages(client: Client) -> None:
    for day in range(1, 8):
        make_incident(title=f"день {day}", day=D(2026, 10, day))
    make_incident(title="не опубликовано", status="review")
    body = client.get("/api/v1/incidents?page_size=3&page=2").json()
    assert body["count"] == 7
    assert [item["title"] for item in body["items"]] == ["день 4", "день 3", "день 2"]
    assert body["next"].endswith("page=3&page_size=3")
    assert "page=1" in body["previous"]
    item = body["items"][0]
    assert item["url"].startswith("http://testserver/") and item["url"].endswith(
        f"/monitoring/{item['id']}/"
    )
    assert item["types"] == ["detention"]
    assert item["region"] == "KZ-75"


def test_filters_are_query_parameters_repeated_for_several_values(client: Client) -> None:
    make_incident(title="Алматы", region="KZ-75")
    make_incident(title="Астана", region="KZ-71")
    make_incident(title="Шымкент", region="KZ-79")
    body = client.get("/api/v1/incidents?region=KZ-75&region=KZ-71").json()
    assert body["count"] == 2
    assert {i["title"] for i in body["items"]} == {"Алматы", "Астана"}


def test_the_api_documents_every_parameter_of_the_filter() -> None:
    assert set(IncidentQuery.model_fields) == set(IncidentFilter.base_fields)


@pytest.mark.parametrize(
    ("language", "message", "problem"),
    [
        ("ru", "Некоторые значения", "Введите дату"),
        ("kk", "Кейбір мәндер", "Күнді"),
        ("en", "Some values", "Enter a date as YYYY-MM-DD"),
    ],
)
def test_a_bad_date_is_a_translated_422(
    client: Client, language: str, message: str, problem: str
) -> None:
    response = client.get("/api/v1/incidents?date_from=31.10.2026", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["message"].startswith(message)
    assert error["details"][0]["field"] == "date_from"
    assert error["details"][0]["problem"].startswith(problem)


def test_unknown_codes_and_bad_pages_are_422(client: Client) -> None:
    assert client.get("/api/v1/incidents?type=nonsense").status_code == 422
    assert client.get("/api/v1/incidents?page=0").status_code == 422
    assert client.get("/api/v1/incidents?page_size=100000").status_code == 422
    assert client.get("/api/v1/incidents/stats?group_by=colour").status_code == 422


def test_a_page_past_the_end_is_empty_not_an_error(client: Client) -> None:
    make_incident()
    body = client.get("/api/v1/incidents?page=9").json()
    assert body["count"] == 1 and body["items"] == [] and body["next"] is None


def test_one_incident_in_full_and_unpublished_ones_are_not_found(client: Client) -> None:
    shown = make_incident(title="Суд над редактором", provisions=("kz-cc:274:2",))
    hidden = make_incident(title="на проверке", status="review")
    body = client.get(f"/api/v1/incidents/{shown.pk}").json()
    assert body["title_ru"] == "Суд над редактором"
    assert body["groups"] == ["liberty"]
    assert body["proceedings"][0]["provision"] == "kz-cc:274:2"
    assert body["proceedings"][0]["history"][0]["stage"] == "opened"
    assert body["perpetrators"][0] == {
        "kind": "police",
        "label": body["perpetrators"][0]["label"],
        "is_state": True,
        "confidence": "likely",
    }
    missing = client.get(f"/api/v1/incidents/{hidden.pk}")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"


def test_one_incident_gives_the_public_facts_of_its_online_violence(client: Client) -> None:
    incident = make_incident(title="Травля в Telegram", sensitive=True)
    answer = client.get(f"/api/v1/incidents/{incident.pk}", HTTP_ACCEPT_LANGUAGE="ru")
    online = answer.json()["online_violence"]
    assert online == {
        "forms": ["threats", "doxxing"],
        "platforms": ["telegram"],
        "volume": "hundreds",
        "duration": "weeks",
        "coordination": "evident",
        "gendered": True,
        "sexualised": False,
        "offline_harm": True,
        "impact": ["self_censorship"],
        "reported_to_platform": True,
        "platform_response": "Платформа удалила канал",
        "reported_to_police": True,
        "police_response": "Полиция отказала в возбуждении дела",
        "warning_signs": [
            {"code": "coordinated", "text": "Многие аккаунты публикуют одинаковые сообщения"}
        ],
    }
    plain = make_incident(title="Задержание")
    assert client.get(f"/api/v1/incidents/{plain.pk}").json()["online_violence"] is None


@pytest.mark.parametrize("group_by", ["type", "region", "month", "perpetrator", "gender"])
def test_stats_are_key_label_count_lists(client: Client, group_by: str) -> None:
    make_incident(region="KZ-75", day=D(2026, 9, 3))
    make_incident(region="KZ-71", types=("threats", "doxxing"), perpetrators=("online-mob",))
    response = client.get(f"/api/v1/incidents/stats?group_by={group_by}")
    assert response.status_code == 200
    rows = response.json()
    assert rows and all({"key", "label", "count"} <= set(row) for row in rows)
    assert all(isinstance(row["count"], int) for row in rows)


def test_anonymous_visitors_need_no_token(client: Client) -> None:
    make_incident()
    for path in ("", "/stats?group_by=region", "/export.csv", "/export.json"):
        assert client.get(f"/api/v1/incidents{path}").status_code == 200, path
