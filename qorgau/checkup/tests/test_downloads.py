"""The report as a PDF and the redacted copy as text, made from the text the page sends back;
and the same PDF from the command line."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from pypdf import PdfReader

from qorgau.checkup.engine import check
from qorgau.checkup.tests.samples import DRAFT_RU, SAMPLE_IIN

pytestmark = pytest.mark.django_db

DRAFT_KK = "Әкім Ерлан Сапаров ақшаны ұрлады. Оның телефоны +7 701 234 56 78."


def pdf_text(content: bytes) -> str:
    return " ".join(
        " ".join((page.extract_text() or "").split())
        for page in PdfReader(io.BytesIO(content)).pages
    )


def test_the_result_page_offers_the_downloads_as_plain_forms(client: Client) -> None:
    page = client.post("/ru/checkup/", {"text": DRAFT_RU}).content.decode()
    assert 'action="/ru/checkup/report.pdf"' in page
    assert 'formaction="/ru/checkup/redacted.txt"' in page
    assert 'type="hidden" name="text"' in page


def test_the_report_downloads_as_a_pdf_with_its_findings(client: Client) -> None:
    response = client.post("/ru/checkup/report.pdf", {"text": DRAFT_RU})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    text = pdf_text(response.content)
    first = check(DRAFT_RU, ui_lang="ru").findings[0]
    assert " ".join(first.message.split()) in text
    assert "Сапаров" in text
    assert "Юридическая проверка" in text or "проверка" in text.lower()


def test_a_kazakh_report_keeps_its_kazakh_letters_in_the_pdf(client: Client) -> None:
    response = client.post("/kk/checkup/report.pdf", {"text": DRAFT_KK})
    text = pdf_text(response.content)
    message = check(DRAFT_KK, ui_lang="kk").findings[0].message
    assert " ".join(message.split()) in text
    assert any(letter in text for letter in "әғқңөұүһі")


def test_the_redacted_copy_downloads_as_text(client: Client) -> None:
    response = client.post("/ru/checkup/redacted.txt", {"text": DRAFT_RU})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert SAMPLE_IIN not in body
    assert "+7 701" not in body
    assert "погибли 40 человек" in body


def test_a_download_without_a_draft_is_refused_plainly(client: Client) -> None:
    assert client.post("/en/checkup/report.pdf", {}).status_code == 400
    assert client.get("/en/checkup/report.pdf").status_code == 405


def test_the_command_writes_a_pdf_report(tmp_path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT_KK, encoding="utf-8")
    target = tmp_path / "report.pdf"
    call_command(
        "checkup", str(draft), "--format", "pdf", "--ui-lang", "kk", "--output", str(target)
    )
    message = check(DRAFT_KK, ui_lang="kk").findings[0].message
    assert " ".join(message.split()) in pdf_text(target.read_bytes())


def test_the_command_asks_for_an_output_file_for_a_pdf(tmp_path) -> None:
    from django.core.management.base import CommandError

    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT_KK, encoding="utf-8")
    with pytest.raises(CommandError, match="--output"):
        call_command("checkup", str(draft), "--format", "pdf")
