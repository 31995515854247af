"""Shared by the intake tests: coordinators with unlocked key pairs, requests filed through the
real service, and small real files (a photo with EXIF and GPS, a PDF with an author, Office
documents with their properties)."""

from __future__ import annotations

import base64
import io
import zipfile
from typing import Any

from django.test import Client

from qorgau.accounts import keys
from qorgau.accounts.models import User
from qorgau.conftest import PASSWORD
from qorgau.core import crypto
from qorgau.helpdesk.files import PreparedFile, prepare
from qorgau.helpdesk.intake import IntakeContent, IntakeFacts, Submitted, request_submit


def give_keys(user: User) -> User:
    keys.keypair_create(user=user, password=PASSWORD, cost=crypto.KDF_COSTS["minimum"])
    return user


def unlock(client: Client, user: User) -> Client:
    """What signing in with the password does: the private key sealed in the session under a
    key held only in the browser's cookie."""
    pair = user.keypair
    private = crypto.unwrap_with_secret(
        PASSWORD, bytes(pair.private_under_password), context=keys.CONTEXT_PASSWORD
    )
    cookie_key = crypto.new_data_key()
    sealed = crypto.seal(cookie_key, private, aad=f"qorgau:session-private-key:{user.pk}".encode())
    session = client.session
    session[keys.SESSION_KEY] = {"user": user.pk, "sealed": base64.b64encode(sealed).decode()}
    session.save()
    client.cookies[keys.cookie_name()] = base64.urlsafe_b64encode(cookie_key).decode()
    return client


def private_key_of(user: User) -> bytes:
    return crypto.unwrap_with_secret(
        PASSWORD, bytes(user.keypair.private_under_password), context=keys.CONTEXT_PASSWORD
    )


_TOKENS = iter(range(1, 10**9))


def submit(
    description: str = "Меня вызвали на допрос по статье 274 УК.",
    *,
    files: list[PreparedFile] | None = None,
    **facts: Any,
) -> Submitted:
    content_fields = {
        k: facts.pop(k) for k in list(facts) if k in IntakeContent.__dataclass_fields__
    }
    return request_submit(
        facts=IntakeFacts(**facts),
        content=IntakeContent(description=description, **content_fields),
        files=files or [],
        submission_token=f"test-token-{next(_TOKENS)}",
    )


# --- Files


def jpeg_with_exif(artist: str = "Camera Owner", *, gps: bool = True) -> bytes:
    from PIL import Image

    image = Image.new("RGB", (32, 24), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif[0x0110] = "Canon EOS 5D"
    exif[0x013B] = artist
    exif[0x0131] = "Photo Editor 1.0"
    if gps:
        exif[0x8825] = {1: "N", 2: (43.0, 15.0, 0.0), 3: "E", 4: (76.0, 54.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def png_with_text(text: str = "Secret Author") -> bytes:
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", text)
    out = io.BytesIO()
    Image.new("RGBA", (8, 8), (0, 0, 255, 128)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def pdf_with_author(author: str = "Prosecutor Office", text_marker: str = "") -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata(
        {"/Author": author, "/Creator": "Scanner Suite 9", "/Title": text_marker or "Summons"}
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_with_properties(creator: str = "Ivan Ivanov", body: str = "Hello") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        archive.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f'<w:body><w:p><w:ins w:author="Reviewer Name"><w:r><w:t>{body}</w:t></w:r></w:ins></w:p></w:body></w:document>',
        )
        archive.writestr(
            "docProps/core.xml",
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">'
            f"<dc:creator>{creator}</dc:creator><cp:lastModifiedBy>{creator}</cp:lastModifiedBy>"
            "<dcterms:created>2025-11-02T10:00:00Z</dcterms:created></cp:coreProperties>",
        )
        archive.writestr(
            "docProps/app.xml",
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            "<Application>Microsoft Office Word</Application><Company>Editorial Office LLP</Company></Properties>",
        )
    return out.getvalue()


def odt_with_meta(creator: str = "Aigerim Writer") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.text",
            zipfile.ZIP_STORED,
        )
        archive.writestr("content.xml", "<office:document-content/>")
        archive.writestr(
            "meta.xml",
            '<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<office:meta><meta:initial-creator>{creator}</meta:initial-creator>"
            "<meta:generator>LibreOffice/7.6</meta:generator></office:meta></office:document-meta>",
        )
    return out.getvalue()


def prepared_text(text: str, name: str = "note.txt") -> PreparedFile:
    return prepare(name, text.encode())


import pytest  # noqa: E402


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    """Files go to a fresh folder per test; the site-wide limits are relaxed only where a test
    is about them."""
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "upload-tmp")
    (tmp_path / "upload-tmp").mkdir()
    from django.core.cache import cache

    cache.clear()
    return settings.MEDIA_ROOT
