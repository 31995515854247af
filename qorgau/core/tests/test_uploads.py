"""Uploads are held in memory only: nothing anyone uploads reaches a temporary file in the clear."""

import pytest
from django.core.files.uploadedfile import (
    InMemoryUploadedFile,
    SimpleUploadedFile,
    TemporaryUploadedFile,
)
from django.test import RequestFactory


def _never(*args: object, **kwargs: object) -> None:
    raise AssertionError("an upload went to a temporary file")


def test_a_file_larger_than_djangos_memory_threshold_stays_in_memory(
    rf: RequestFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Django's own handlers would write anything over 2.5 MB to a temporary file.
    monkeypatch.setattr(TemporaryUploadedFile, "__init__", _never)
    content = b"%PDF-1.7 " + b"x" * (3 * 1024 * 1024)
    request = rf.post("/", {"file": SimpleUploadedFile("summons.pdf", content)})
    upload = request.FILES["file"]
    assert isinstance(upload, InMemoryUploadedFile)
    assert upload.read() == content
    assert not upload.too_large


def test_a_file_over_the_request_limit_is_dropped_and_marked(
    rf: RequestFactory, settings: pytest.FixtureRequest
) -> None:
    settings.MAX_REQUEST_BYTES = 1024 * 1024
    request = rf.post("/", {"file": SimpleUploadedFile("big.bin", b"x" * (2 * 1024 * 1024))})
    upload = request.FILES["file"]
    assert upload.too_large
    assert upload.read() == b""
    assert upload.size == 2 * 1024 * 1024  # what was sent, for the form's message
