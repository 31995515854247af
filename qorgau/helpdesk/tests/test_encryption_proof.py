"""THE PROOF (issue 4, "Encryption"): unique markers planted in every free-text field, message and
file of a help request cannot be found, in any encoding, in the whole database file, the files
directory, the logs or the mail sent, once the work is done.

On SQLite (in memory in tests) the backup API copies the database page for page (free pages
included) into a real database file, which is what is searched, as bytes; on PostgreSQL every
table is dumped with COPY, binary columns as hex, and the needles include the hex forms. bench/
helpdesk_intake_load.py does the same search on a running server's WAL-mode database file.

Hook for cases: a module `qorgau/helpdesk/tests/proof_cases.py` with
`plant(markers: Markers, *, help_request, coordinator, client) -> None` is run too when present;
it should add markers (with `markers.new("what")`) to every free-text field, note, message and
document of a case opened from the request.
"""

from __future__ import annotations

import io
import json
import logging
import re
import secrets
import sqlite3
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from qorgau.accounts.models import User

from .intake_support import (
    docx_with_properties,
    give_keys,
    jpeg_with_exif,
    media,  # noqa: F401
    odt_with_meta,
    pdf_with_author,
    unlock,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("media")]


class Markers:
    """Unique strings, each with a random ASCII core and a Cyrillic tail (so that JSON escapes
    and UTF-16 are searched too)."""

    def __init__(self) -> None:
        self.planted: dict[str, str] = {}

    def new(self, what: str, *, ascii_only: bool = False) -> str:
        core = "mk" + secrets.token_hex(6)
        marker = core if ascii_only else f"{core}Жсекрет"
        self.planted[what] = marker
        return marker

    def needles(self) -> dict[bytes, str]:
        found: dict[bytes, str] = {}
        for what, marker in self.planted.items():
            core = marker[:14]
            for text in {marker, core, core.upper()}:
                for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                    found[text.encode(encoding)] = what
                found[text.encode().hex().encode()] = what
                found[json.dumps(text)[1:-1].encode()] = what
        return found


def search(blob: bytes, needles: dict[bytes, str]) -> set[str]:
    return {what for needle, what in needles.items() if needle in blob}


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage() + " " + repr(record.__dict__))


@pytest.fixture
def logs() -> Any:
    capture = Capture()
    names = ["", "django", "django.request", "django.server", "django.db.backends", "qorgau"]
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(capture)
        logger.setLevel(logging.DEBUG)
    connection.force_debug_cursor = True  # every SQL statement and its parameters are logged
    try:
        yield capture
    finally:
        connection.force_debug_cursor = False
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(capture)
            logger.setLevel(level)


def database_file(tmp_path: Path) -> bytes:
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        return postgresql_dump()
    target = tmp_path / "copy.sqlite3"
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
        destination.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        destination.close()
    data = target.read_bytes()
    assert len(data) > 100_000  # a whole database, not an empty file
    return data


def postgresql_dump() -> bytes:
    dump = bytearray()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            with cursor.cursor.copy(f'COPY "{table}" TO STDOUT') as copy:
                for chunk in copy:
                    dump += bytes(chunk)
    assert len(dump) > 10_000  # the whole database, not nothing
    return bytes(dump)


def test_no_planted_marker_is_found_anywhere(
    logs: Any, alice: User, tmp_path: Path, settings: Any
) -> None:
    give_keys(alice)
    markers = Markers()
    requester = Client()
    page = requester.get("/ru/help/").content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    files = [
        SimpleUploadedFile(
            f"{markers.new('file name', ascii_only=True)}.txt",
            f"Повестка {markers.new('text file')}".encode(),
        ),
        SimpleUploadedFile("photo.jpg", jpeg_with_exif(markers.new("photo EXIF", ascii_only=True))),
        SimpleUploadedFile(
            "summons.pdf",
            pdf_with_author(
                markers.new("PDF author", ascii_only=True),
                markers.new("PDF title", ascii_only=True),
            ),
        ),
        SimpleUploadedFile(
            "claim.docx",
            docx_with_properties(
                markers.new("DOCX creator", ascii_only=True),
                markers.new("DOCX body", ascii_only=True),
            ),
        ),
        SimpleUploadedFile("claim.odt", odt_with_meta(markers.new("ODT creator", ascii_only=True))),
    ]
    response = requester.post(
        "/ru/help/",
        {
            "form_token": token,
            "description": f"Описание {markers.new('description')}",
            "name": markers.new("name"),
            "organisation": markers.new("organisation"),
            "contact": markers.new("contact"),
            "contact_time": markers.new("contact time"),
            "links": f"https://example.org/{markers.new('links', ascii_only=True)}",
            "forum": "criminal",
            "files": files,
        },
        REMOTE_ADDR="203.0.113.77",
        HTTP_USER_AGENT=markers.new("user agent", ascii_only=True),
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    receipt_page = requester.get("/ru/help/received/").content.decode()
    code = re.search(r'id="receipt-code">([0-9A-Z-]+)<', receipt_page).group(1)
    requester.post("/ru/help/received/", {"done": "1"})
    requester.post("/ru/help/status/", {"code": code})
    requester.post(
        "/ru/help/status/message/",
        {
            "body": f"Ответ {markers.new('requester message')}",
            "files": [SimpleUploadedFile("later.txt", markers.new("later file").encode())],
        },
    )

    from qorgau.helpdesk.models import HelpRequest

    help_request = HelpRequest.objects.get()
    coordinator = unlock(Client(), alice)
    from qorgau.conftest import sign_in

    sign_in(coordinator, alice)
    unlock(coordinator, alice)
    detail = coordinator.get(f"/ru/help/requests/{help_request.pk}/").content.decode()
    assert "Описание" in detail  # the coordinator does read it
    coordinator.post(
        f"/ru/help/requests/{help_request.pk}/reply/",
        {"body": f"Ответ {markers.new('coordinator reply')}"},
    )
    for attachment in help_request.files.all():
        coordinator.get(f"/ru/help/requests/{help_request.pk}/files/{attachment.pk}/original/")

    if find_spec("qorgau.helpdesk.tests.proof_cases") is not None:
        proof_cases = import_module("qorgau.helpdesk.tests.proof_cases")
        proof_cases.plant(markers, help_request=help_request, coordinator=alice, client=coordinator)

    # Everything planted did go in: the requester reads it back with the code.
    status = requester.get("/ru/help/status/").content.decode()
    assert markers.planted["coordinator reply"] in status
    if "lawyer message" in markers.planted:  # written from the case page (proof_cases)
        assert markers.planted["lawyer message"] in status

    needles = markers.needles()
    needles[code.encode()] = "receipt code"
    needles[code.replace("-", "").encode()] = "receipt code"
    needles[b"203.0.113.77"] = "IP address"

    assert search(database_file(tmp_path), needles) == set()
    media_root = Path(settings.MEDIA_ROOT)
    stored = [p for p in media_root.rglob("*") if p.is_file()]
    assert len(stored) >= 10  # originals and cleaned copies
    for path in stored:
        assert search(path.read_bytes(), needles) == set(), path
    leftovers = [p for p in Path(settings.FILE_UPLOAD_TEMP_DIR).rglob("*") if p.is_file()]
    assert leftovers == []  # uploads never went to a plaintext temporary file
    assert logs.lines, "the logs were captured"
    leaked = [line for line in logs.lines if search(line.encode(), needles)]
    assert leaked == [], [line[:300] for line in leaked[:3]]
    sent = "\n".join(m.subject + m.body for m in mail.outbox)
    assert mail.outbox and search(sent.encode(), needles) == set()


def test_the_search_would_find_a_marker_stored_in_the_clear(tmp_path: Path) -> None:
    """The search itself works: a marker written in the clear is found in the database copy."""
    from qorgau.core.models import AuditEvent

    markers = Markers()
    AuditEvent.objects.create(action="view", context={"note": markers.new("control")})
    assert search(database_file(tmp_path), markers.needles()) == {"control"}
    assert search(io.BytesIO("x".encode("utf-16-le")).getvalue(), markers.needles()) == set()
