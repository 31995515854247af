"""Retention: expiry destroys keys, content and files; statistics survive; coordinators are
warned before; `qorgau helpdesk expire` and `remind` run the same functions."""

import datetime as dt
import os
import time
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from qorgau.accounts.models import User
from qorgau.helpdesk import cases as services
from qorgau.helpdesk.conflicts import party_add
from qorgau.helpdesk.models import (
    Case,
    CaseKeyGrant,
    EncryptedFile,
    HelpRequest,
    PartyName,
    RequestKeyGrant,
)
from qorgau.helpdesk.queries import network_statistics
from qorgau.helpdesk.record import document_add, note_add
from qorgau.helpdesk.retention import retention_run
from qorgau.helpdesk.tests.cases_support import accepted_case, lawyer, region
from qorgau.helpdesk.tests.intake_support import give_keys, pdf_with_author, submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def files_folder(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def _age(help_request: HelpRequest, days: int) -> None:
    HelpRequest.objects.filter(pk=help_request.pk).update(
        last_activity_on=timezone.localdate() - dt.timedelta(days=days),
        received_on=timezone.localdate() - dt.timedelta(days=days),
    )


def test_an_unanswered_request_expires_and_its_keys_and_files_are_destroyed(
    alice: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from qorgau.helpdesk.files import prepare

    settings.HELPDESK_REQUEST_RETENTION_DAYS = 30
    give_keys(alice)
    old = submit(
        "Старая просьба", region_id=region().pk, files=[prepare("summons.pdf", pdf_with_author())]
    ).request
    fresh = submit("Новая просьба").request
    _age(old, 31)
    rows = [f.file for f in old.files.select_related("file")]
    paths = [row.path() for row in rows]
    assert paths and all(p.exists() for p in paths)
    with django_capture_on_commit_callbacks(execute=True):
        result = retention_run()
    assert result["requests"] == 1
    old.refresh_from_db()
    assert old.status == HelpRequest.Status.EXPIRED
    assert bytes(old.sealed) == b""
    assert not RequestKeyGrant.objects.filter(request=old).exists()
    assert RequestKeyGrant.objects.filter(request=fresh).exists()
    assert not any(p.exists() for p in paths)
    assert not EncryptedFile.objects.filter(pk__in=[row.pk for row in rows]).exists()
    # the P0 row still counts
    assert network_statistics().requests == 2


def test_coordinators_are_warned_before_requests_expire_with_no_content(
    alice: User, settings: Any
) -> None:
    settings.HELPDESK_REQUEST_RETENTION_DAYS = 30
    alice.preferred_language = "en"
    alice.save(update_fields=["preferred_language"])
    give_keys(alice)
    soon = submit("Скоро истечёт").request
    _age(soon, 25)
    mail.outbox.clear()
    result = retention_run()
    assert result == {"requests": 0, "cases": 0, "warned": 1, "orphans": 0}
    warning = [m for m in mail.outbox if m.to == [alice.email]][-1]
    assert warning.subject == "Help requests will expire soon"
    assert "Скоро" not in warning.body


def test_a_closed_case_is_shredded_after_its_period_and_its_statistics_survive(
    alice: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.HELPDESK_CASE_RETENTION_DAYS = 365
    bob = lawyer("bob@qorgau.test")
    case, key = accepted_case(alice, bob)
    party_add(actor=alice, case=case, role="opposing", name="Аким района")
    note_add(actor=bob, case=case, kind="strategy", body="План", data_key=key)
    version = document_add(
        actor=bob, case=case, data_key=key, title="Иск", name="claim.pdf", data=pdf_with_author()
    )
    path = version.file.path()
    services.case_update(actor=bob, case=case, stage="closed", outcome="won")
    # as if the requester's conversation key had been shared with the case
    Case.objects.filter(pk=case.pk).update(message_key_sealed=b"\x01sealed conversation key")
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - dt.timedelta(days=366))
    with django_capture_on_commit_callbacks(execute=True):
        assert retention_run()["cases"] == 1
    case.refresh_from_db()
    assert case.is_shredded and bytes(case.summary_sealed) == b""
    assert bytes(case.message_key_sealed) == b""
    assert not CaseKeyGrant.objects.filter(case=case).exists()
    assert not case.notes.exists() and not case.parties.exists()
    assert not PartyName.objects.exists()
    assert not path.exists()
    stats = network_statistics()
    assert stats.cases == 1 and stats.successes == 1
    assert case.events.filter(kind="shredded").exists()


def test_the_request_of_a_shredded_case_expires_with_it(alice: User, settings: Any) -> None:
    from qorgau.helpdesk.tests.cases_support import accepted_request

    settings.HELPDESK_CASE_RETENTION_DAYS = 10
    give_keys(alice)
    help_request = accepted_request(alice, name="Айжан")
    case, _key = services.case_open_from_request(
        actor=alice, help_request=help_request, kind="criminal_defence", summary="s"
    )
    services.case_update(actor=alice, case=case, stage="closed", outcome="dropped")
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - dt.timedelta(days=11))
    retention_run()
    help_request.refresh_from_db()
    assert help_request.status == HelpRequest.Status.EXPIRED
    assert not RequestKeyGrant.objects.filter(request=help_request).exists()
    assert network_statistics().successes == 1


def test_an_accepted_request_no_case_came_of_is_warned_about_then_shredded(
    alice: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from qorgau.helpdesk.files import prepare
    from qorgau.helpdesk.tests.cases_support import accepted_request

    settings.HELPDESK_REQUEST_RETENTION_DAYS = 30
    settings.HELPDESK_ACCEPTED_RETENTION_DAYS = 60
    alice.preferred_language = "en"
    alice.save(update_fields=["preferred_language"])
    give_keys(alice)
    waiting = accepted_request(
        alice, description="Ждём адвоката", files=[prepare("summons.pdf", pdf_with_author())]
    )
    assert waiting.status == HelpRequest.Status.ACCEPTED
    # as if a message had been written: the conversation key, sealed with the data key
    HelpRequest.objects.filter(pk=waiting.pk).update(message_key_sealed=b"\x01sealed key")
    paths = [attachment.file.path() for attachment in waiting.files.select_related("file")]
    # Past the period of unanswered requests, but accepted ones have their own, longer one.
    _age(waiting, 40)
    mail.outbox.clear()
    assert retention_run() == {"requests": 0, "cases": 0, "warned": 0, "orphans": 0}
    _age(waiting, 55)
    assert retention_run()["warned"] == 1
    warning = [m for m in mail.outbox if m.to == [alice.email]][-1]
    assert warning.subject == "Help requests will expire soon" and "Ждём" not in warning.body
    _age(waiting, 61)
    with django_capture_on_commit_callbacks(execute=True):
        assert retention_run()["requests"] == 1
    waiting.refresh_from_db()
    assert waiting.status == HelpRequest.Status.EXPIRED and bytes(waiting.sealed) == b""
    assert bytes(waiting.message_key_sealed) == b""
    assert not RequestKeyGrant.objects.filter(request=waiting).exists()
    assert paths and not any(p.exists() for p in paths)
    assert network_statistics().requests == 1


def test_an_accepted_request_that_became_a_case_never_expires_as_a_request(
    alice: User, settings: Any
) -> None:
    from qorgau.helpdesk.tests.cases_support import accepted_request

    settings.HELPDESK_ACCEPTED_RETENTION_DAYS = 10
    give_keys(alice)
    help_request = accepted_request(alice, name="Айжан")
    services.case_open_from_request(
        actor=alice, help_request=help_request, kind="criminal_defence", summary="s"
    )
    _age(help_request, 400)
    assert retention_run()["requests"] == 0
    help_request.refresh_from_db()
    assert help_request.status != HelpRequest.Status.EXPIRED
    assert RequestKeyGrant.objects.filter(request=help_request).exists()


def _file_left_behind(folder: Path, name: str, *, hours_old: float) -> Path:
    path = folder / "helpdesk" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x01 encrypted bytes whose row never landed")
    then = time.time() - hours_old * 3600
    os.utime(path, (then, then))
    return path


def test_encrypted_files_no_record_refers_to_are_removed_after_a_margin(
    settings: Any, tmp_path: Path
) -> None:
    from qorgau.helpdesk.files import prepare

    kept = submit("С файлом", files=[prepare("summons.pdf", pdf_with_author())]).request
    kept_paths = [attachment.file.path() for attachment in kept.files.select_related("file")]
    for path in kept_paths:  # old files that a row names stay, however old
        os.utime(path, (time.time() - 86400, time.time() - 86400))
    orphan = _file_left_behind(tmp_path, "0f" * 16, hours_old=2)
    partial = _file_left_behind(tmp_path, ".partial-1234abcd", hours_old=3)
    in_flight = _file_left_behind(tmp_path, "ab" * 16, hours_old=0.2)
    elsewhere = tmp_path / "other" / ("cd" * 16)
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(b"not ours")
    os.utime(elsewhere, (time.time() - 86400, time.time() - 86400))

    out = StringIO()
    call_command("helpdesk", "expire", "--dry-run", stdout=out)
    assert "files no record refers to: 2" in out.getvalue()
    assert orphan.exists() and partial.exists()

    call_command("helpdesk", "expire", stdout=out)
    assert "files no record refers to removed: 2" in out.getvalue()
    assert not orphan.exists() and not partial.exists()
    assert in_flight.exists() and elsewhere.exists()
    assert kept_paths and all(p.exists() for p in kept_paths)
    assert retention_run()["orphans"] == 0


def test_no_files_folder_yet_is_nothing_to_sweep() -> None:
    assert retention_run()["orphans"] == 0


def test_the_commands_expire_and_remind(alice: User) -> None:
    out = StringIO()
    call_command("helpdesk", "expire", "--dry-run", stdout=out)
    assert "requests to expire: 0" in out.getvalue()
    call_command("helpdesk", "expire", stdout=out)
    call_command("helpdesk", "remind", "--today", "2026-05-04", stdout=out)
    assert "reminders sent: 0" in out.getvalue()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("helpdesk", "remind", "--today", "04.05.2026")
