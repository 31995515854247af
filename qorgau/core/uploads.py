"""Uploads stay in memory, never in a temporary file: case documents, help requests and imports
must not reach the disk in the clear, even for the moment Django's temporary-file handler would
keep them. Past its limit a file's content is dropped and the file marked `too_large` (its size stays what
was sent), so the form can say so."""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest


class MemoryOnlyUploadHandler(FileUploadHandler):
    """The only upload handler (settings.FILE_UPLOAD_HANDLERS), limited by the request size
    (MAX_REQUEST_BYTES); a view with a lower limit sets
    `request.upload_handlers = [MemoryOnlyUploadHandler(request, limit=…)]` before the body is read."""

    def __init__(self, request: HttpRequest | None = None, *, limit: int | None = None) -> None:
        super().__init__(request)
        self.limit = settings.MAX_REQUEST_BYTES if limit is None else limit

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()
        self.received = 0  # the size sent, kept for a file dropped as too large
        self.too_large = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.too_large:
            return None
        if self.received > self.limit:
            self.too_large = True
            self.buffer = io.BytesIO()
            return None
        self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size: int) -> UploadedFile[Any] | None:
        if not self.file_name:
            raise SkipFile
        self.buffer.seek(0)
        upload = InMemoryUploadedFile(
            self.buffer,
            self.field_name,
            self.file_name,
            self.content_type,
            self.received,
            self.charset,
            self.content_type_extra,
        )
        upload.too_large = self.too_large  # type: ignore[attr-defined]
        return upload
