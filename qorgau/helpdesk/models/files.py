"""Encrypted files: the original as sent, a cleaned copy for sharing, and what metadata was found.

The file bytes live under MEDIA_ROOT/helpdesk/<random name>, encrypted in chunks with the data key
of the request or case that owns them; the row keeps only what is needed to find and size them.
The name the sender gave, the SHA-256 of the original and the metadata report are sealed in
`sealed_details`, because each of them can identify the document or the person (see
docs/helpdesk.md, "What is stored in the clear").
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["EncryptedFile", "FileType", "new_storage_name"]

FILES_FOLDER = "helpdesk"


def new_storage_name() -> str:
    """A random name that says nothing about the file, its owner or its order of arrival."""
    return f"{FILES_FOLDER}/{secrets.token_hex(16)}"


class FileType(models.TextChoices):
    PDF = "pdf", "PDF"
    PNG = "png", "PNG"
    JPEG = "jpeg", "JPEG"
    GIF = "gif", "GIF"
    WEBP = "webp", "WebP"
    DOCX = "docx", _("Word document (DOCX)")
    XLSX = "xlsx", _("Excel spreadsheet (XLSX)")
    PPTX = "pptx", _("PowerPoint presentation (PPTX)")
    ODT = "odt", _("OpenDocument text (ODT)")
    ODS = "ods", _("OpenDocument spreadsheet (ODS)")
    ODP = "odp", _("OpenDocument presentation (ODP)")
    TEXT = "txt", _("plain text")


MEDIA_TYPES = {
    FileType.PDF: "application/pdf",
    FileType.PNG: "image/png",
    FileType.JPEG: "image/jpeg",
    FileType.GIF: "image/gif",
    FileType.WEBP: "image/webp",
    FileType.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileType.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileType.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    FileType.ODT: "application/vnd.oasis.opendocument.text",
    FileType.ODS: "application/vnd.oasis.opendocument.spreadsheet",
    FileType.ODP: "application/vnd.oasis.opendocument.presentation",
    FileType.TEXT: "text/plain; charset=utf-8",
}


class EncryptedFile(models.Model):
    """One uploaded document, usable by requests and cases alike (the owner holds the data key)."""

    class Cleaning(models.TextChoices):
        CLEANED = "cleaned", _("metadata removed in a cleaned copy")
        NOT_NEEDED = "not_needed", _("carries no embedded metadata")
        FAILED = "failed", _("could not be cleaned: share the original with care")

    uid = models.CharField(max_length=64, unique=True, default=secrets.token_hex, editable=False)
    file_type = models.CharField(_("type"), max_length=8, choices=FileType.choices)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    original_name = models.CharField(max_length=64)  # storage path of the encrypted original
    cleaned_name = models.CharField(max_length=64, blank=True)  # storage path of the cleaned copy
    cleaned_size = models.PositiveBigIntegerField(null=True, blank=True)
    cleaning = models.CharField(_("cleaning"), max_length=12, choices=Cleaning.choices)
    # JSON sealed with the owner's data key: sender's file name, sha256, metadata report.
    sealed_details = models.BinaryField()
    added_on = models.DateField(_("added on"), default=timezone.localdate)

    class Meta:
        ordering: ClassVar[list[str]] = ["pk"]
        verbose_name = _("encrypted file")
        verbose_name_plural = _("encrypted files")

    def __str__(self) -> str:
        return f"{self.get_file_type_display()} ({self.size} B)"

    @property
    def aad(self) -> bytes:
        """Binds the sealed details to this file: they cannot be moved onto another row."""
        return f"qorgau.helpdesk.file:{self.uid}".encode()

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[FileType(self.file_type)]

    def path(self, *, cleaned: bool = False) -> Path:
        name = self.cleaned_name if cleaned else self.original_name
        return Path(settings.MEDIA_ROOT) / name
