"""The check-up from the web page, the API and the command line; drafts are never stored."""

import io
import json
import logging
import sys

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from qorgau.checkup.tests.samples import DRAFT_RU, SECRET_PHRASE

pytestmark = pytest.mark.django_db


def test_the_page_works_without_an_account_and_marks_the_risks(client: Client) -> None:
    html = client.get("/ru/checkup/").content.decode()
    assert 'name="text"' in html
    response = client.post("/ru/checkup/", {"text": DRAFT_RU})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="risk-high"' in page
    assert "kz-cc:274" in page or "274" in page
    assert (
        response["Cache-Control"].startswith("no-store") or "no-cache" in response["Cache-Control"]
    )


def test_an_empty_draft_gets_a_translated_error(client: Client) -> None:
    from django.utils import translation

    html = client.post("/kk/checkup/", {"text": "   "}).content.decode()
    with translation.override("kk"):
        assert translation.gettext("Paste your draft or choose a file.") in html


def test_a_text_file_can_be_uploaded(client: Client) -> None:
    upload = io.BytesIO(DRAFT_RU.encode())
    upload.name = "draft.txt"
    html = client.post("/ru/checkup/", {"text": "", "upload": upload}).content.decode()
    assert 'class="risk-high"' in html


def test_the_draft_is_never_written_to_the_database_or_the_logs(client: Client, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    with CaptureQueriesContext(connection) as queries:
        client.post("/ru/checkup/", {"text": DRAFT_RU + " " + SECRET_PHRASE, "redact": "on"})
        client.post(
            "/api/v1/checkup",
            {"text": SECRET_PHRASE, "ui_lang": "ru"},
            content_type="application/json",
        )
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if not q["sql"].lstrip().upper().startswith("SELECT")
    ]
    assert writes == []
    assert all(SECRET_PHRASE not in q["sql"] for q in queries.captured_queries)
    assert SECRET_PHRASE not in caplog.text


def test_the_api_returns_findings_with_offsets_into_the_text(client: Client) -> None:
    data = client.post(
        "/api/v1/checkup",
        {"text": DRAFT_RU, "ui_lang": "kk", "redact": True},
        content_type="application/json",
    ).json()
    assert data["risk"] == "high"
    assert "ru" in data["languages"]
    for finding in data["findings"]:
        assert DRAFT_RU[finding["start"] : finding["end"]] == finding["text"]
        assert finding["message"] and finding["recommendation"]
    assert data["redacted"] and data["redacted"] != DRAFT_RU


def test_the_api_refuses_an_oversized_text_clearly(client: Client) -> None:
    response = client.post(
        "/api/v1/checkup", {"text": "слово " * 50_000}, content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json()["error"]["message"]


def test_the_command_checks_a_file_and_batches_json_lines(tmp_path, monkeypatch) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT_RU, encoding="utf-8")
    out = io.StringIO()
    call_command("checkup", str(draft), "--format", "json", "--ui-lang", "ru", stdout=out)
    report = json.loads(out.getvalue())
    assert report["risk"] == "high"

    lines = "\n".join(
        json.dumps({"id": n, "text": text}) for n, text in [(1, DRAFT_RU), (2, "Погода хорошая.")]
    )
    monkeypatch.setattr(sys, "stdin", io.StringIO(lines + "\nnot json\n"))
    out = io.StringIO()
    call_command("checkup", "--jsonl", stdout=out)
    results = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r.get("id") for r in results[:2]] == [1, 2]
    assert results[0]["risk"] == "high"
    assert "error" in results[2]
