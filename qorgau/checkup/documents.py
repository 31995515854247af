"""Text out of an uploaded draft: plain text, Word (.docx), OpenDocument (.odt) or PDF.

The type is read from the bytes, never from the file name. Office files are zip archives of
XML: members are read with size limits (no zip bomb) and any DOCTYPE is refused before parsing,
so no entity can be declared, let alone expanded. Paragraphs are kept as blank-line breaks.
Nothing here touches the disk or the logs.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from xml.etree import ElementTree

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_XML_BYTES = 20 * 1024 * 1024  # one uncompressed XML member
MAX_ZIP_MEMBERS = 2_000
MAX_PDF_PAGES = 300

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


# What zipfile raises on damaged or hostile archives (names in another encoding are ValueError,
# unknown methods NotImplementedError, bad deflate streams zlib.error, passwords RuntimeError).
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    zlib.error,
)


class DocumentError(ValueError):
    """The upload cannot be read; `reason` names why, for a translated message."""

    # reasons: too_large, corrupt, encrypted, unsupported, not_utf8, empty
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def sniff(data: bytes) -> str:
    """The kind of document the bytes hold: pdf, docx, odt, zip (another archive) or text."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and _read(archive, "mimetype", 200).strip() == ODT_MIMETYPE:
                    return "odt"
                if "word/document.xml" in names:
                    return "docx"
        except (DocumentError, *_ZIP_ERRORS):
            return "zip"
        return "zip"
    return "text"


def extract_text(data: bytes) -> str:
    """The text of the document in `data`, paragraphs separated by blank lines."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise DocumentError("too_large")
    kind = sniff(data)
    if kind == "pdf":
        text = _pdf_text(data)
    elif kind == "docx":
        text = _docx_text(data)
    elif kind == "odt":
        text = _odt_text(data)
    elif kind == "text":
        text = _plain_text(data)
    else:
        raise DocumentError("unsupported")
    if not text.strip():
        raise DocumentError("empty")
    return text


def _plain_text(data: bytes) -> str:
    if b"\x00" in data[:8192]:  # UTF-16, images, executables: not text we can read
        raise DocumentError("unsupported")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DocumentError("not_utf8") from error


# --- office documents --------------------------------------------------------------------


def _read(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """One member of the archive, refusing to inflate more than `limit` bytes."""
    try:
        info = archive.getinfo(name)
    except KeyError as error:
        raise DocumentError("corrupt") from error
    if info.flag_bits & 0x1:
        raise DocumentError("encrypted")
    if info.file_size > limit:
        raise DocumentError("too_large")
    with archive.open(info) as member:
        content = member.read(limit + 1)  # the declared size may lie
    if len(content) > limit:
        raise DocumentError("too_large")
    return content


def _office_xml(data: bytes, member: str) -> ElementTree.Element:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if len(archive.infolist()) > MAX_ZIP_MEMBERS:
                raise DocumentError("corrupt")
            names = set(archive.namelist())
            if "EncryptionInfo" in names or "encryption" in names:
                raise DocumentError("encrypted")
            content = _read(archive, member, MAX_XML_BYTES)
    except DocumentError:
        raise
    except _ZIP_ERRORS as error:
        raise DocumentError("corrupt") from error
    return _parse_xml(content)


def _parse_xml(content: bytes) -> ElementTree.Element:
    # Office XML is UTF-8. Decoding first means no other encoding can hide a DOCTYPE from the
    # check below; without a DOCTYPE no entity can be declared, so none can be expanded.
    try:
        decoded = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DocumentError("corrupt") from error
    if "<!DOCTYPE" in decoded or "<!ENTITY" in decoded:
        raise DocumentError("unsupported")
    try:
        return ElementTree.fromstring(decoded)  # noqa: S314 - DOCTYPE refused above
    except ElementTree.ParseError as error:
        raise DocumentError("corrupt") from error


def _docx_text(data: bytes) -> str:
    root = _office_xml(data, "word/document.xml")
    paragraphs = []
    for paragraph in root.iter(f"{W}p"):
        pieces = []
        for node in paragraph.iter():
            if node.tag == f"{W}t" and node.text:
                pieces.append(node.text)
            elif node.tag == f"{W}tab":
                pieces.append("\t")
            elif node.tag in (f"{W}br", f"{W}cr"):
                pieces.append("\n")
        paragraphs.append("".join(pieces))
    return _join(paragraphs)


def _odt_text(data: bytes) -> str:
    root = _office_xml(data, "content.xml")
    body = root.find(f"{OFFICE}body")
    return _join(list(_odt_paragraphs(body if body is not None else root)))


def _odt_paragraphs(element: ElementTree.Element) -> Iterator[str]:
    for child in element:
        if child.tag in (f"{TEXT}p", f"{TEXT}h"):
            yield "".join(_odt_inline(child))
        elif child.tag != f"{TEXT}note":  # footnotes would break the sentence they sit in
            yield from _odt_paragraphs(child)


def _odt_inline(element: ElementTree.Element) -> Iterator[str]:
    if element.text:
        yield element.text
    for child in element:
        if child.tag == f"{TEXT}s":
            yield " " * int(child.get(f"{TEXT}c", "1") or 1)
        elif child.tag == f"{TEXT}tab":
            yield "\t"
        elif child.tag == f"{TEXT}line-break":
            yield "\n"
        elif child.tag not in (f"{TEXT}note", f"{OFFICE}annotation"):
            yield from _odt_inline(child)
        if child.tail:
            yield child.tail


def _join(paragraphs: list[str]) -> str:
    return "\n\n".join(p.strip() for p in paragraphs if p.strip())


# --- PDF ---------------------------------------------------------------------------------


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # an owner password alone still lets anyone read
            except (PyPdfError, NotImplementedError, DependencyError) as error:  # unknown cipher
                raise DocumentError("encrypted") from error
            if not opened:
                raise DocumentError("encrypted")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise DocumentError("too_large")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except Exception as error:  # pypdf raises many kinds of error on malformed files
        raise DocumentError("corrupt") from error
    return _join([_unwrap(page) for page in pages])


def _unwrap(page: str) -> str:
    """PDF text comes line by line, with no mark where a paragraph ends. Wrapped lines are joined;
    a line that ends a sentence before one that starts with a capital is taken as a paragraph's
    end (at worst a paragraph is cut between two sentences, which the check-up does not mind)."""
    out: list[str] = []
    for line in (line.strip() for line in page.splitlines()):
        if not line:
            if out and out[-1] != "\n\n":
                out.append("\n\n")
            continue
        if out and out[-1] != "\n\n":
            ends = out[-1].rstrip("»\"')”").endswith((".", "!", "?", "…", ":"))
            out.append("\n\n" if ends and line[:1].isupper() else " ")
        if out and out[-1] == " " and out[-2].endswith("-") and line[:1].islower():
            out[-2], out[-1] = out[-2][:-1], ""  # a word hyphenated at the line's end
        out.append(line)
    return "".join(out).strip()
