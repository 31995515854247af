"""Exports: chosen columns, each record's address, the filter applied, streamed in chunks."""

import csv
import io
import json

import pytest
from django.test import Client

from qorgau.monitoring import exports
from qorgau.monitoring.tests.public_sample import make_incident

pytestmark = pytest.mark.django_db


def body(response) -> str:  # type: ignore[no-untyped-def]
    assert response.streaming
    return b"".join(response.streaming_content).decode()


def test_csv_has_the_chosen_columns_in_order_after_id_and_url(client: Client) -> None:
    incident = make_incident(title="Обыск в редакции", types=("search", "equipment"))
    response = client.get("/api/v1/incidents/export.csv?columns=types,title_ru&columns=region")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(body(response).lstrip("\ufeff"))))
    assert rows[0] == ["id", "url", "types", "title_ru", "region"]
    assert rows[1][0] == str(incident.pk)
    assert rows[1][1] == f"http://testserver/kk/monitoring/{incident.pk}/"
    assert rows[1][2:] == ["search; equipment", "Обыск в редакции", "KZ-75"]


def test_json_is_an_array_of_records_with_their_address(client: Client) -> None:
    make_incident(title="Первый")
    make_incident(title="Второй", region="KZ-71")
    response = client.get(
        "/api/v1/incidents/export.json?region=KZ-71&columns=title_ru,date",
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    records = json.loads(body(response))
    assert len(records) == 1
    assert set(records[0]) == {"id", "url", "title_ru", "date"}
    assert records[0]["title_ru"] == "Второй"
    assert "/ru/monitoring/" in records[0]["url"]


def test_an_unknown_column_is_a_422_naming_the_known_ones(client: Client) -> None:
    response = client.get("/api/v1/incidents/export.csv?columns=title_ru,internal_notes")
    assert response.status_code == 422
    problem = response.json()["error"]["details"][0]
    assert problem["field"] == "columns"
    assert "internal_notes" in problem["problem"] and "title_ru" in problem["problem"]


def test_no_sensitive_field_can_be_chosen() -> None:
    from qorgau.monitoring.models import Incident

    assert not set(exports.COLUMNS) & set(Incident.SENSITIVE_FIELDS)
    assert set(exports.PLAIN) <= set(Incident.PUBLIC_FIELDS)


def test_rows_are_read_a_chunk_at_a_time_and_all_come_out(
    monkeypatch: pytest.MonkeyPatch, client: Client, django_assert_max_num_queries: object
) -> None:
    monkeypatch.setattr(exports, "CHUNK", 3)
    for _n in range(8):
        make_incident()
    make_incident(status="review")
    response = client.get("/api/v1/incidents/export.csv?columns=types")
    with django_assert_max_num_queries(9):  # type: ignore[operator]
        lines = body(response).strip().splitlines()
    assert len(lines) == 1 + 8  # header and the published ones, through three chunks
