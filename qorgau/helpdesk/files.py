"""Uploads: type from content, a cleaned copy without metadata, a report of what was found, and
encrypted storage that is either whole or absent.

Plaintext never touches the disk: the upload handler keeps the file in memory (the request body
is already capped by MAX_REQUEST_BYTES), cleaning works on bytes, and only ciphertext is written,
to a temporary name that is fsynced and then renamed into place.
"""

from __future__ import annotations

import io
import json
import os
import re
import secrets
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from qorgau.core.crypto import decrypt_stream, encrypt_stream, seal, unseal
from qorgau.helpdesk.models.files import EncryptedFile, FileType, new_storage_name

MAX_IMAGE_PIXELS = 60_000_000
MAX_ARCHIVE_ENTRIES = 5_000
MAX_XML_BYTES = 2 * 1024 * 1024
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


class FileRefusedError(ValueError):
    """An upload that cannot be accepted, with a message for the person who sent it."""


# --- What the metadata report calls each thing it finds (shown translated to staff).

REPORT_LABELS = {
    "camera": gettext_lazy("camera"),
    "gps": gettext_lazy("GPS position"),
    "author": gettext_lazy("author"),
    "last_modified_by": gettext_lazy("last modified by"),
    "company": gettext_lazy("company or organisation"),
    "software": gettext_lazy("software"),
    "created": gettext_lazy("created"),
    "modified": gettext_lazy("modified"),
    "title": gettext_lazy("title"),
    "subject": gettext_lazy("subject"),
    "keywords": gettext_lazy("keywords"),
    "description": gettext_lazy("description"),
    "copyright": gettext_lazy("copyright"),
    "template": gettext_lazy("template"),
    "printed": gettext_lazy("last printed"),
    "editing_time": gettext_lazy("total editing time"),
    "xmp": gettext_lazy("XMP metadata block"),
    "colour_profile": gettext_lazy("embedded colour profile"),
    "text_chunks": gettext_lazy("embedded text fields"),
    "comment": gettext_lazy("comment"),
    "archive_times": gettext_lazy("file times inside the document"),
    "review_authors": gettext_lazy("names in tracked changes or comments (not removed)"),
    "frames": gettext_lazy("animation frames (the cleaned copy keeps the first)"),
    "encrypted_pdf": gettext_lazy("password-protected PDF (no cleaned copy could be made)"),
}


@dataclass
class MetadataReport:
    found: list[tuple[str, str]] = field(default_factory=list)

    def add(self, key: str, value: Any) -> None:
        text = str(value).strip() if value is not None else ""
        if text and (key, text[:300]) not in self.found:
            self.found.append((key, text[:300]))

    def as_json(self) -> list[list[str]]:
        return [[key, value] for key, value in self.found]


def report_lines(found: list[list[str]]) -> list[tuple[str, str]]:
    """The sealed report as (translated label, value) for a page."""
    return [(str(REPORT_LABELS.get(key, key)), value) for key, value in found]


# --- Type from content.

_OOXML_MAIN = {
    "word/document.xml": FileType.DOCX,
    "xl/workbook.xml": FileType.XLSX,
    "ppt/presentation.xml": FileType.PPTX,
}
_ODF_TYPES = {
    b"application/vnd.oasis.opendocument.text": FileType.ODT,
    b"application/vnd.oasis.opendocument.spreadsheet": FileType.ODS,
    b"application/vnd.oasis.opendocument.presentation": FileType.ODP,
}
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise FileRefusedError(_("The document is damaged and cannot be read.")) from error
    entries = archive.infolist()
    total = sum(entry.file_size for entry in entries)
    if len(entries) > MAX_ARCHIVE_ENTRIES or total > 10 * settings.HELPDESK_MAX_FILE_BYTES:
        raise FileRefusedError(_("The document unpacks to far more than its size and was refused."))
    return archive


def sniff(data: bytes) -> FileType | None:
    """The type the bytes really are, whatever the name or the browser claims."""
    head = data[:1024]
    if b"%PDF-" in head:
        return FileType.PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileType.PNG
    if data.startswith(b"\xff\xd8\xff"):
        return FileType.JPEG
    if data.startswith((b"GIF87a", b"GIF89a")):
        return FileType.GIF
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return FileType.WEBP
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    return FileType.TEXT if _as_text(data) is not None else None


def _sniff_zip(data: bytes) -> FileType | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        if "mimetype" in names:
            return _ODF_TYPES.get(archive.read("mimetype").strip())
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None
    if "[Content_Types].xml" in names:
        for main, file_type in _OOXML_MAIN.items():
            if main in names:
                return file_type
    return None


def _as_text(data: bytes) -> str | None:
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")
        else:
            text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return None if _TEXT_CONTROL.search(text) else text


# --- Cleaning, one function per family. Each returns the cleaned bytes (or None) and fills the
# report; a file that cannot be parsed at all is refused as damaged.


@dataclass
class Cleaned:
    data: bytes | None
    cleaning: str
    report: MetadataReport


def clean(data: bytes, file_type: FileType) -> Cleaned:
    report = MetadataReport()
    if file_type == FileType.TEXT:
        return Cleaned(None, EncryptedFile.Cleaning.NOT_NEEDED, report)
    if file_type == FileType.PDF:
        cleaned = _clean_pdf(data, report)
    elif file_type in (FileType.JPEG, FileType.PNG, FileType.GIF, FileType.WEBP):
        cleaned = _clean_image(data, file_type, report)
    elif file_type in (FileType.DOCX, FileType.XLSX, FileType.PPTX):
        cleaned = _clean_ooxml(data, report)
    else:
        cleaned = _clean_odf(data, report)
    state = EncryptedFile.Cleaning.CLEANED if cleaned is not None else EncryptedFile.Cleaning.FAILED
    return Cleaned(cleaned, state, report)


_EXIF_TAGS = {
    0x010F: "camera",  # Make
    0x0110: "camera",  # Model
    0x0131: "software",
    0x013B: "author",  # Artist
    0x8298: "copyright",
    0x0132: "modified",  # DateTime
    0x010E: "description",  # ImageDescription
}
_EXIF_IFD = 0x8769
_GPS_IFD = 0x8825


def _gps_text(gps: dict[int, Any]) -> str:
    def degrees(values: Any) -> float:
        d, m, s = (float(v) for v in values)
        return d + m / 60 + s / 3600

    try:
        lat = degrees(gps[2]) * (-1 if gps.get(1) == "S" else 1)
        lon = degrees(gps[4]) * (-1 if gps.get(3) == "W" else 1)
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return _("present")
    return f"{lat:.5f}, {lon:.5f}"


def _clean_image(data: bytes, file_type: FileType, report: MetadataReport) -> bytes:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > MAX_IMAGE_PIXELS:
            raise FileRefusedError(_("The image is too large in pixels to be processed."))
        frames = getattr(image, "n_frames", 1)
        exif = image.getexif()
        for tag, key in _EXIF_TAGS.items():
            if tag in exif:
                report.add(key, exif[tag])
        details = exif.get_ifd(_EXIF_IFD)
        if 0x9003 in details:
            report.add("created", details[0x9003])
        gps = exif.get_ifd(_GPS_IFD)
        if gps:
            report.add("gps", _gps_text(gps))
        if image.info.get("xmp") or b"http://ns.adobe.com/xap/1.0/" in data[:65536]:
            report.add("xmp", _("present"))
        if image.info.get("icc_profile"):
            report.add("colour_profile", _("present"))
        if image.info.get("comment"):
            comment = image.info["comment"]
            report.add(
                "comment",
                comment.decode(errors="replace") if isinstance(comment, bytes) else comment,
            )
        text = getattr(image, "text", None) or {}
        if text:
            report.add("text_chunks", ", ".join(f"{k}: {v}" for k, v in text.items()))
        if frames > 1:
            report.add("frames", frames)
        image.seek(0)
        upright = ImageOps.exif_transpose(image) or image
        has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
        mode = "RGBA" if has_alpha and file_type != FileType.JPEG else "RGB"
        pixels = upright.convert(mode)
        # A fresh image from the pixels alone: nothing of the original's info dictionary follows.
        fresh = Image.frombytes(mode, pixels.size, pixels.tobytes())
    except FileRefusedError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as error:
        raise FileRefusedError(_("The image is damaged and cannot be read.")) from error
    out = io.BytesIO()
    if file_type == FileType.JPEG:
        fresh.save(out, "JPEG", quality=90)
    elif file_type == FileType.WEBP:
        fresh.save(out, "WEBP", quality=90)
    elif file_type == FileType.GIF:
        fresh.save(out, "GIF")
    else:
        fresh.save(out, "PNG")
    return out.getvalue()


_PDF_INFO = {
    "/Author": "author",
    "/Creator": "software",
    "/Producer": "software",
    "/Title": "title",
    "/Subject": "subject",
    "/Keywords": "keywords",
    "/CreationDate": "created",
    "/ModDate": "modified",
}


def _clean_pdf(data: bytes, report: MetadataReport) -> bytes | None:
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            report.add("encrypted_pdf", _("yes"))
            return None
        info: Any = reader.metadata or {}
        for name, key in _PDF_INFO.items():
            value = info.get(name)
            if value:
                report.add(key, value)
        root: Any = reader.trailer["/Root"]
        if "/Metadata" in root:
            report.add("xmp", _("present"))
        writer = PdfWriter()
        for page in reader.pages:
            writer.add_page(page)
        for page in writer.pages:
            for name in ("/Metadata", "/PieceInfo", "/LastModified"):
                if name in page:
                    del page[name]
        writer.metadata = None
        out = io.BytesIO()
        writer.write(out)
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise FileRefusedError(_("The PDF is damaged and cannot be read.")) from error
    if not len(reader.pages):
        raise FileRefusedError(_("The PDF has no pages."))
    return out.getvalue()


_CORE_FIELDS = {
    "creator": "author",
    "lastModifiedBy": "last_modified_by",
    "created": "created",
    "modified": "modified",
    "title": "title",
    "subject": "subject",
    "keywords": "keywords",
    "description": "description",
    "lastPrinted": "printed",
}
_APP_FIELDS = {
    "Application": "software",
    "AppVersion": "software",
    "Company": "company",
    "Manager": "author",
    "Template": "template",
    "TotalTime": "editing_time",
}
_EMPTY_PARTS = {
    "docProps/core.xml": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        b'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        b'xmlns:dcterms="http://purl.org/dc/terms/"/>'
    ),
    "docProps/app.xml": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'extended-properties"/>'
    ),
    "docProps/custom.xml": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'custom-properties"/>'
    ),
}
_ODF_EMPTY_META = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    b'office:version="1.2"><office:meta/></office:document-meta>'
)
_ODF_FIELDS = {
    "initial-creator": "author",
    "creator": "last_modified_by",
    "creation-date": "created",
    "date": "modified",
    "generator": "software",
    "title": "title",
    "subject": "subject",
    "keyword": "keywords",
    "description": "description",
    "printed-by": "last_modified_by",
    "print-date": "printed",
    "editing-duration": "editing_time",
}
_REVIEW_AUTHOR = re.compile(rb'(?:w:author|dc:creator|authorId)="([^"]{1,100})"')


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as member:
        data = member.read(MAX_XML_BYTES + 1)
    if len(data) > MAX_XML_BYTES:
        raise FileRefusedError(_("The document unpacks to far more than its size and was refused."))
    return data


def _xml_fields(data: bytes, fields: dict[str, str], report: MetadataReport) -> None:
    try:
        root = ET.fromstring(data)  # noqa: S314 - stdlib expat refuses entity expansion bombs
    except ET.ParseError:
        return
    for element in root.iter():
        local = element.tag.rsplit("}", 1)[-1]
        if local in fields and element.text:
            report.add(fields[local], element.text)


def _rewrite_zip(
    archive: zipfile.ZipFile, replace: dict[str, bytes], report: MetadataReport
) -> bytes:
    out = io.BytesIO()
    times = set()
    with zipfile.ZipFile(out, "w") as target:
        for entry in archive.infolist():
            if entry.date_time != ZIP_EPOCH:
                times.add(entry.date_time)
            data = replace.get(entry.filename)
            if data is None:
                data = archive.read(entry.filename)
            # Entry times are metadata too: every entry gets the same neutral time.
            info = zipfile.ZipInfo(entry.filename, date_time=ZIP_EPOCH)
            stored = entry.filename == "mimetype"
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            target.writestr(info, data)
    if times:
        newest = max(times)
        report.add("archive_times", datetime(*newest).strftime("%Y-%m-%d %H:%M"))  # noqa: DTZ001
    return out.getvalue()


def _review_authors(archive: zipfile.ZipFile, prefixes: tuple[str, ...]) -> set[str]:
    names: set[str] = set()
    for entry in archive.infolist():
        if entry.filename.startswith(prefixes) and entry.filename.endswith(".xml"):
            found = _REVIEW_AUTHOR.findall(_read_member(archive, entry.filename))
            names.update(name.decode(errors="replace") for name in found)
    return names


def _clean_ooxml(data: bytes, report: MetadataReport) -> bytes:
    archive = _open_zip(data)
    try:
        names = set(archive.namelist())
        if "docProps/core.xml" in names:
            _xml_fields(_read_member(archive, "docProps/core.xml"), _CORE_FIELDS, report)
        if "docProps/app.xml" in names:
            _xml_fields(_read_member(archive, "docProps/app.xml"), _APP_FIELDS, report)
        if "docProps/custom.xml" in names:
            _xml_fields(_read_member(archive, "docProps/custom.xml"), {}, report)
        authors = _review_authors(archive, ("word/", "xl/", "ppt/comment"))
        replace = {name: part for name, part in _EMPTY_PARTS.items() if name in names}
        cleaned = _rewrite_zip(archive, replace, report)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError) as error:
        raise FileRefusedError(_("The document is damaged and cannot be read.")) from error
    if authors:
        report.add("review_authors", ", ".join(sorted(authors)))
    return cleaned


def _clean_odf(data: bytes, report: MetadataReport) -> bytes:
    archive = _open_zip(data)
    try:
        replace = {}
        if "meta.xml" in archive.namelist():
            _xml_fields(_read_member(archive, "meta.xml"), _ODF_FIELDS, report)
            replace["meta.xml"] = _ODF_EMPTY_META
        authors = _review_authors(archive, ("content.xml",))
        cleaned = _rewrite_zip(archive, replace, report)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError) as error:
        raise FileRefusedError(_("The document is damaged and cannot be read.")) from error
    if authors:
        report.add("review_authors", ", ".join(sorted(authors)))
    return cleaned


# --- Checking an upload before anything is stored.


@dataclass
class PreparedFile:
    """An upload that passed every check, ready to be encrypted and stored."""

    name: str
    data: bytes
    file_type: FileType
    cleaned: Cleaned


def prepare(name: str, data: bytes) -> PreparedFile:
    limit = settings.HELPDESK_MAX_FILE_BYTES
    if not data:
        raise FileRefusedError(_("The file is empty."))
    if len(data) > limit:
        raise FileRefusedError(
            _("The file is larger than %(limit)s MB.") % {"limit": limit // (1024 * 1024)}
        )
    file_type = sniff(data)
    if file_type is None:
        raise FileRefusedError(
            _(
                "This kind of file is not accepted. Send PDF, JPEG, PNG, GIF, WebP, Word, "
                "Excel, PowerPoint, OpenDocument or plain text."
            )
        )
    return PreparedFile(
        name=os.path.basename(name)[:200],
        data=data,
        file_type=file_type,
        cleaned=clean(data, file_type),
    )


def prepare_uploads(uploads: list[UploadedFile[Any]]) -> tuple[list[PreparedFile], list[str]]:
    """Check every upload; returns the prepared files and one error line per refused file."""
    prepared, errors = [], []
    if len(uploads) > settings.HELPDESK_MAX_FILES:
        count = settings.HELPDESK_MAX_FILES
        return [], [
            ngettext(
                "Send at most %(count)s file at a time.",
                "Send at most %(count)s files at a time.",
                count,
            )
            % {"count": count}
        ]
    for upload in uploads:
        name = upload.name or "file"
        if getattr(upload, "too_large", False):
            limit = settings.HELPDESK_MAX_FILE_BYTES // (1024 * 1024)
            errors.append(
                _("%(name)s: the file is larger than %(limit)s MB.")
                % {"name": name, "limit": limit}
            )
            continue
        try:
            prepared.append(prepare(name, upload.read()))
        except FileRefusedError as refused:
            errors.append(_("%(name)s: %(problem)s") % {"name": name, "problem": refused})
    return prepared, errors


# --- Encrypted storage.


class WrittenFiles:
    """The encrypted files written during one operation, removed again if it fails."""

    def __init__(self) -> None:
        self.paths: list[Path] = []

    def discard(self) -> None:
        for path in self.paths:
            path.unlink(missing_ok=True)
        self.paths.clear()


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_encrypted(key: bytes, data: bytes, written: WrittenFiles) -> str:
    """Encrypt `data` under a new random name; whole or absent (temp file, fsync, rename)."""
    name = new_storage_name()
    final = Path(settings.MEDIA_ROOT) / name
    final.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = final.with_name(f".partial-{secrets.token_hex(8)}")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            encrypt_stream(key, io.BytesIO(data), out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, final)
        written.paths.append(final)
        _fsync_dir(final.parent)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return name


def encrypted_file_build(
    key: bytes, prepared: PreparedFile, written: WrittenFiles
) -> EncryptedFile:
    """Write the original and the cleaned copy, and return the (unsaved) row that names them.
    Save it inside the caller's transaction; on failure the caller calls `written.discard()`."""
    import hashlib

    original_name = write_encrypted(key, prepared.data, written)
    cleaned = prepared.cleaned
    cleaned_name = write_encrypted(key, cleaned.data, written) if cleaned.data else ""
    row = EncryptedFile(
        file_type=prepared.file_type,
        size=len(prepared.data),
        original_name=original_name,
        cleaned_name=cleaned_name,
        cleaned_size=len(cleaned.data) if cleaned.data else None,
        cleaning=cleaned.cleaning,
    )
    details = {
        "name": prepared.name,
        "sha256": hashlib.sha256(prepared.data).hexdigest(),
        "cleaned_sha256": hashlib.sha256(cleaned.data).hexdigest() if cleaned.data else "",
        "metadata": cleaned.report.as_json(),
    }
    row.sealed_details = seal(key, json.dumps(details).encode(), aad=row.aad)
    return row


def file_details(key: bytes, row: EncryptedFile) -> dict[str, Any]:
    """The sealed details; raises DecryptionFailed when they were altered."""
    details: dict[str, Any] = json.loads(unseal(key, bytes(row.sealed_details), aad=row.aad))
    return details


def file_read(key: bytes, row: EncryptedFile, *, cleaned: bool = False) -> bytes:
    """The whole plaintext, verified to the last chunk before any of it is used: a tampered or
    truncated file raises DecryptionFailed and nothing half-read reaches the person."""
    out = io.BytesIO()
    with row.path(cleaned=cleaned).open("rb") as src:
        decrypt_stream(key, src, out)
    return out.getvalue()


def download_name(details: dict[str, Any], row: EncryptedFile, *, cleaned: bool) -> str:
    stem, _dot, _ext = str(details.get("name") or "document").rpartition(".")
    stem = stem or str(details.get("name") or "document")
    suffix = "-cleaned" if cleaned else ""
    return f"{stem}{suffix}.{row.file_type}"


def iter_paths(rows: list[EncryptedFile]) -> Iterator[Path]:
    for row in rows:
        yield row.path()
        if row.cleaned_name:
            yield row.path(cleaned=True)
