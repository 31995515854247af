"""Uploads: the type comes from the content, the cleaned copy carries no metadata, the report says
what was found, the original is kept byte for byte, and an upload is whole or absent."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qorgau.core.crypto import DecryptionFailed, new_data_key
from qorgau.helpdesk import files as intake_files
from qorgau.helpdesk.files import FileRefusedError, prepare, prepare_uploads, sniff
from qorgau.helpdesk.intake import (
    IntakeContent,
    IntakeFacts,
    data_key_for_receipt,
    request_submit,
)
from qorgau.helpdesk.models import EncryptedFile, FileType, HelpRequest

from .intake_support import (
    docx_with_properties,
    jpeg_with_exif,
    media,  # noqa: F401
    odt_with_meta,
    pdf_with_author,
    png_with_text,
    submit,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


def report(prepared: intake_files.PreparedFile) -> dict[str, str]:
    return dict(prepared.cleaned.report.found)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (pdf_with_author(), FileType.PDF),
        (jpeg_with_exif(), FileType.JPEG),
        (png_with_text(), FileType.PNG),
        (docx_with_properties(), FileType.DOCX),
        (odt_with_meta(), FileType.ODT),
        ("Повестка на 12 марта".encode(), FileType.TEXT),
        (b"GIF89a" + b"\x00" * 20, FileType.GIF),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", FileType.WEBP),
    ],
)
def test_the_type_comes_from_the_content(data: bytes, expected: FileType) -> None:
    assert sniff(data) == expected


def test_a_misnamed_file_is_recognised_and_an_unknown_one_refused() -> None:
    assert prepare("summons.txt", pdf_with_author()).file_type == FileType.PDF
    with pytest.raises(FileRefusedError, match="not accepted"):
        prepare("tool.pdf", b"MZ\x90\x00" + bytes(range(256)))
    with pytest.raises(FileRefusedError, match="not accepted"):
        zipped = io.BytesIO()
        with zipfile.ZipFile(zipped, "w") as archive:
            archive.writestr("anything.bin", b"\x00\x01")
        prepare("archive.docx", zipped.getvalue())


def test_a_photo_loses_camera_gps_and_author() -> None:
    prepared = prepare("photo.jpg", jpeg_with_exif("Aigerim Photographer"))
    found = report(prepared)
    assert found["camera"] in ("Canon", "Canon EOS 5D")
    assert found["author"] == "Aigerim Photographer"
    assert found["gps"].startswith("43.25000, 76.90000")
    from PIL import Image

    cleaned = Image.open(io.BytesIO(prepared.cleaned.data))
    assert cleaned.format == "JPEG"
    assert not cleaned.getexif()
    assert b"Aigerim" not in prepared.cleaned.data and b"Canon" not in prepared.cleaned.data
    assert cleaned.size == (32, 24)


def test_a_png_loses_its_text_fields() -> None:
    prepared = prepare("screen.png", png_with_text("Secret Author"))
    assert "Secret Author" in report(prepared)["text_chunks"]
    assert b"Secret Author" not in prepared.cleaned.data


def test_a_pdf_loses_its_author_and_producer() -> None:
    from pypdf import PdfReader

    prepared = prepare("summons.pdf", pdf_with_author("Prosecutor Office"))
    assert report(prepared)["author"] == "Prosecutor Office"
    cleaned = PdfReader(io.BytesIO(prepared.cleaned.data))
    assert len(cleaned.pages) == 1
    assert not (cleaned.metadata or {}).get("/Author")
    assert b"Prosecutor Office" not in prepared.cleaned.data
    assert b"Scanner Suite" not in prepared.cleaned.data


def test_office_documents_lose_their_properties_and_say_what_remains() -> None:
    prepared = prepare("claim.docx", docx_with_properties("Ivan Ivanov"))
    found = report(prepared)
    assert found["author"] == "Ivan Ivanov" and found["company"] == "Editorial Office LLP"
    assert "Reviewer Name" in found["review_authors"]
    cleaned = zipfile.ZipFile(io.BytesIO(prepared.cleaned.data))
    core = cleaned.read("docProps/core.xml")
    assert b"Ivan" not in core and b"Editorial" not in cleaned.read("docProps/app.xml")
    assert cleaned.read("word/document.xml") == zipfile.ZipFile(io.BytesIO(prepared.data)).read(
        "word/document.xml"
    )
    assert {entry.date_time for entry in cleaned.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_opendocument_loses_its_meta_and_keeps_the_mimetype_first() -> None:
    prepared = prepare("claim.odt", odt_with_meta("Aigerim Writer"))
    assert report(prepared)["author"] == "Aigerim Writer"
    cleaned = zipfile.ZipFile(io.BytesIO(prepared.cleaned.data))
    assert cleaned.infolist()[0].filename == "mimetype"
    assert cleaned.infolist()[0].compress_type == zipfile.ZIP_STORED
    assert b"Aigerim" not in cleaned.read("meta.xml")
    assert sniff(prepared.cleaned.data) == FileType.ODT


def test_plain_text_needs_no_cleaning() -> None:
    prepared = prepare("note.txt", "Только текст".encode())
    assert prepared.cleaned.cleaning == EncryptedFile.Cleaning.NOT_NEEDED
    assert prepared.cleaned.data is None


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("empty.pdf", b"", "The file is empty"),
        ("broken.pdf", b"%PDF-1.7\n garbage that is not a pdf", "The PDF is damaged"),
        ("broken.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 40, "The image is damaged"),
        ("broken.docx", b"PK\x03\x04" + b"\x00" * 60, "not accepted"),
    ],
)
def test_damaged_files_are_refused_with_a_clear_reason(
    name: str, data: bytes, problem: str
) -> None:
    with pytest.raises(FileRefusedError, match=problem):
        prepare(name, data)


def test_an_oversized_file_is_refused(settings) -> None:
    settings.HELPDESK_MAX_FILE_BYTES = 1024
    with pytest.raises(FileRefusedError, match="larger than"):
        prepare("big.txt", b"a" * 2048)


def test_too_many_files_are_refused_together(settings) -> None:
    settings.HELPDESK_MAX_FILES = 2
    uploads = [SimpleUploadedFile(f"{i}.txt", b"text") for i in range(3)]
    prepared, errors = prepare_uploads(uploads)
    assert prepared == [] and "at most 2 files" in errors[0]


def test_an_oversized_upload_through_the_form_is_refused_and_nothing_is_saved(
    client, settings
) -> None:
    import re

    settings.HELPDESK_MAX_FILE_BYTES = 2048
    page = client.get("/en/help/").content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n" + b"0" * 5000)
    response = client.post(
        "/en/help/", {"form_token": token, "description": "x", "files": [upload]}
    )
    assert "scan.pdf: the file is larger than" in response.content.decode()
    assert not HelpRequest.objects.exists()
    assert not list(Path(settings.MEDIA_ROOT).rglob("*")) or not any(
        p.is_file() for p in Path(settings.MEDIA_ROOT).rglob("*")
    )


def test_the_original_is_kept_exactly_with_its_hash() -> None:
    original = jpeg_with_exif("Keep Me")
    submitted = submit(files=[prepare("photo.jpg", original)])
    _request, key = data_key_for_receipt(submitted.code)
    row = EncryptedFile.objects.get()
    assert intake_files.file_read(key, row) == original
    details = intake_files.file_details(key, row)
    assert details["sha256"] == hashlib.sha256(original).hexdigest()
    assert details["name"] == "photo.jpg"
    assert b"Keep Me" not in row.path().read_bytes()
    assert intake_files.file_read(key, row, cleaned=True).startswith(b"\xff\xd8\xff")


def test_a_tampered_or_truncated_file_is_detected() -> None:
    submitted = submit(files=[prepare("ruling.pdf", pdf_with_author())])
    _request, key = data_key_for_receipt(submitted.code)
    row = EncryptedFile.objects.get()
    path = row.path()
    data = path.read_bytes()
    path.write_bytes(data[:-20])
    with pytest.raises(DecryptionFailed):
        intake_files.file_read(key, row)
    flipped = bytearray(data)
    flipped[60] ^= 1
    path.write_bytes(bytes(flipped))
    with pytest.raises(DecryptionFailed):
        intake_files.file_read(key, row)
    with pytest.raises(DecryptionFailed):
        intake_files.file_read(new_data_key(), row)


def test_an_upload_is_whole_or_absent(monkeypatch, settings) -> None:
    """When the rows cannot be saved, the encrypted files already written are removed."""
    from qorgau.helpdesk import intake

    def broken(**kwargs: object) -> None:
        raise RuntimeError("disk full while saving rows")

    monkeypatch.setattr(intake, "_store_files", broken)
    with pytest.raises(RuntimeError):
        submit(files=[prepare("a.pdf", pdf_with_author()), prepare("b.jpg", jpeg_with_exif())])
    assert not HelpRequest.objects.exists() and not EncryptedFile.objects.exists()
    assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def test_a_failed_write_leaves_no_partial_file(monkeypatch, settings) -> None:
    calls = {"n": 0}
    real = intake_files.encrypt_stream

    def fail_second(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("no space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(intake_files, "encrypt_stream", fail_second)
    with pytest.raises(OSError):
        request_submit(
            facts=IntakeFacts(),
            content=IntakeContent("x"),
            files=[prepare("a.pdf", pdf_with_author())],
            submission_token="whole-or-absent",
        )
    assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
    assert not HelpRequest.objects.exists()


def test_files_are_stored_under_random_names_unreadable_by_others() -> None:
    submit(files=[prepare("Иванов_повестка.pdf", pdf_with_author())])
    row = EncryptedFile.objects.get()
    assert "Иванов" not in row.original_name and row.original_name.startswith("helpdesk/")
    assert row.path().stat().st_mode & 0o077 == 0
