"""Uploaded drafts: Word, OpenDocument and PDF files are read by their content, and files that
cannot be read get a clear, translated error while the form keeps what was typed."""

from __future__ import annotations

import contextlib
import io
import zipfile

import pytest
from django.test import Client
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qorgau.checkup.documents import DocumentError, extract_text, sniff
from qorgau.checkup.forms import DOCUMENT_ERRORS
from qorgau.checkup.tests import files
from qorgau.checkup.tests.samples import DRAFT_RU, SAMPLE_IIN

pytestmark = pytest.mark.django_db

PARAGRAPHS = DRAFT_RU.split("\n\n")


def upload(client: Client, content: bytes, name: str, text: str = "", lang: str = "ru") -> str:
    handle = io.BytesIO(content)
    handle.name = name
    return client.post(f"/{lang}/checkup/", {"text": text, "upload": handle}).content.decode()


def error_text(reason: str, lang: str = "ru") -> str:
    with translation.override(lang):
        return str(DOCUMENT_ERRORS[reason])


@pytest.mark.parametrize(
    ("kind", "build"), [("docx", files.docx), ("odt", files.odt), ("pdf", files.pdf)]
)
def test_each_kind_of_document_is_read_with_its_paragraphs(kind: str, build) -> None:
    content = build(PARAGRAPHS)
    assert sniff(content) == kind
    text = extract_text(content)
    assert SAMPLE_IIN in text
    assert "украл деньги" in text
    assert len([p for p in text.split("\n\n") if p.strip()]) == len(PARAGRAPHS)


@pytest.mark.parametrize("build", [files.docx, files.odt, files.pdf])
def test_an_uploaded_document_is_checked_like_pasted_text(client: Client, build) -> None:
    page = upload(client, build(PARAGRAPHS), "черновик.bin")
    assert 'class="risk-high"' in page
    assert "Сапаров" in page


def test_the_type_comes_from_the_content_not_the_name(client: Client) -> None:
    page = upload(client, files.docx(PARAGRAPHS), "draft.txt")
    assert 'class="risk-high"' in page
    page = upload(client, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "draft.docx")
    assert error_text("unsupported") in page


def test_a_damaged_document_gets_a_clear_error_and_the_typed_text_stays(client: Client) -> None:
    broken = files.docx(PARAGRAPHS)[:200]
    page = upload(client, broken, "draft.docx", text="Мой набранный текст", lang="kk")
    assert error_text("unsupported", "kk") in page or error_text("corrupt", "kk") in page
    assert "Мой набранный текст" in page
    page = upload(client, b"%PDF-1.7\nnot really a pdf", "draft.pdf")
    assert error_text("corrupt") in page


def test_a_password_protected_pdf_is_refused_as_protected(client: Client) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(files.pdf(PARAGRAPHS))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert error_text("encrypted") in upload(client, buffer.getvalue(), "draft.pdf")


def test_an_oversized_file_is_refused_before_it_is_read(client: Client) -> None:
    page = upload(client, b"a" * (10 * 1024 * 1024 + 10), "draft.txt")
    assert error_text("too_large") in page


def test_a_zip_bomb_is_refused_without_inflating_it() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (30 * 1024 * 1024))
    assert len(buffer.getvalue()) < 1024 * 1024
    with pytest.raises(DocumentError) as refused:
        extract_text(buffer.getvalue())
    assert refused.value.reason == "too_large"


def test_a_document_declaring_entities_is_refused() -> None:
    laugh = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>'
    with pytest.raises(DocumentError) as refused:
        extract_text(files.docx(["&lol2;"], prolog=laugh))
    assert refused.value.reason == "unsupported"


def test_a_pdf_of_images_only_asks_to_paste_the_text(client: Client) -> None:
    assert error_text("empty") in upload(client, files.pdf([""]), "scan.pdf")


def test_a_text_file_in_another_encoding_is_refused_clearly(client: Client) -> None:
    page = upload(client, DRAFT_RU.encode("cp1251"), "draft.txt", lang="en")
    assert error_text("not_utf8", "en") in page


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=st.sampled_from([b"", b"%PDF-1.4\n", b"PK\x03\x04"]),
    body=st.binary(max_size=4000),
)
def test_any_bytes_give_text_or_a_clear_refusal(prefix: bytes, body: bytes) -> None:
    try:
        text = extract_text(prefix + body)
    except DocumentError as refused:
        assert refused.reason in DOCUMENT_ERRORS
    else:
        assert isinstance(text, str) and text.strip()


@pytest.mark.parametrize("cut", [30, 100, 400, -200, -40])
def test_truncated_and_damaged_office_files_are_refused_clearly(cut: int) -> None:
    for content in (files.docx(PARAGRAPHS), files.odt(PARAGRAPHS)):
        damaged = content[:cut] if cut > 0 else content[:cut] + b"\x00" * 10
        with pytest.raises(DocumentError):
            extract_text(damaged)
        flipped = bytearray(content)
        for position in range(60, len(flipped), 37):
            flipped[position] ^= 0xFF
        with contextlib.suppress(DocumentError):
            extract_text(bytes(flipped))


def test_the_page_still_refuses_a_post_without_its_csrf_token() -> None:
    strict = Client(enforce_csrf_checks=True)
    handle = io.BytesIO(files.docx(PARAGRAPHS))
    handle.name = "draft.docx"
    assert strict.post("/ru/checkup/", {"upload": handle}).status_code == 403
    page = strict.get("/ru/checkup/")
    token = page.cookies["csrftoken"].value
    handle.seek(0)
    response = strict.post("/ru/checkup/", {"upload": handle, "csrfmiddlewaretoken": token})
    assert 'class="risk-high"' in response.content.decode()
