"""The monitors' import page: a check reports every row and writes nothing; a checked file is
imported all or nothing, once, by the monitor who checked it; the file waits sealed in between;
oversized and unreadable files are refused with a clear message."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from qorgau.accounts.models import Role, User
from qorgau.conftest import make_user, sign_in
from qorgau.core.models import AuditEvent
from qorgau.monitoring import importing, staff_import
from qorgau.monitoring.models import Incident, Victim, ViolationGroup, ViolationType

pytestmark = pytest.mark.django_db

HEADER = "title_en,date,region,types,victim_roles,victim_names,status,verification,internal_notes\n"
GOOD = (
    HEADER
    + "Journalist detained in Almaty,2026-10-05,KZ-75,detention,journalist,"
    + "Жанар Сейтова,received,unverified,Called her editor\n"
    + "Camera seized at a court,2026-10,KZ-31,equipment,camera,,published,partly,\n"
)
MARKER = "Гүлнар-Маркер-7731"


@pytest.fixture(autouse=True)
def _in_english_with_a_var_dir(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.VAR_DIR = tmp_path
    with translation.override("en"):
        yield


@pytest.fixture
def erlan(db: Any) -> User:
    return make_user("erlan@qorgau.test", Role.MONITOR, name="Ерлан Монитор")


@pytest.fixture
def monitor(erlan: User) -> Client:
    return sign_in(Client(), erlan)


def stored_files() -> list[Path]:
    return sorted(staff_import._folder().glob("*"))


def check(client: Client, content: str | bytes, name: str = "incidents.csv") -> Any:
    raw = content.encode() if isinstance(content, str) else content
    upload = SimpleUploadedFile(name, raw, content_type="text/csv")
    return client.post(reverse("monitoring:staff-import"), {"file": upload})


def confirm(client: Client, token: str) -> Any:
    return client.post(reverse("monitoring:staff-import-confirm"), {"token": token})


def test_the_page_offers_the_template_and_explains_the_columns(monitor: Client) -> None:
    page = monitor.get(reverse("monitoring:staff-import")).content.decode()
    assert reverse("monitoring:staff-import-template") in page
    assert "victim_consent" in page and "kept private unless consent is yes" in page
    template = monitor.get(reverse("monitoring:staff-import-template"))
    assert template["Content-Disposition"].startswith("attachment")
    assert template.getvalue().startswith(b"title_kk,title_ru,title_en,")


def test_the_staff_menu_links_the_page_for_monitors(monitor: Client) -> None:
    page = monitor.get(reverse("monitoring:staff-queue")).content.decode()
    assert reverse("monitoring:staff-import") in page


def test_a_check_reports_the_errors_line_by_line_and_writes_nothing(monitor: Client) -> None:
    response = check(
        monitor,
        HEADER
        + "Fine row,2026-10-05,KZ-75,detention,journalist,,,,\n"
        + "Bad date,2026-02-30,KZ-75,threats,,,,,\n"
        + "Bad type,2026-10-01,KZ-75,flying-saucer,,,,,\n",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Invalid date “2026-02-30”" in page
    assert "Unknown violation type code “flying-saucer”." in page
    assert "date 2026-10-05; types: 1, victims: 1" in page  # what the good row would create
    assert "3 rows" in page and "1 ready" in page and "2 with errors" in page
    assert "Nothing was written" in page
    assert 'name="token"' not in page  # nothing to import
    assert Incident.objects.count() == 0 and Victim.objects.count() == 0
    assert stored_files() == []


def test_a_valid_file_is_imported_after_the_check_and_its_copy_removed(
    monitor: Client, erlan: User
) -> None:
    checked = check(monitor, GOOD)
    assert checked.status_code == 200
    assert "Import these 2 incidents" in checked.content.decode()
    assert Incident.objects.count() == 0
    assert len(stored_files()) == 1

    done = confirm(monitor, checked.context["token"])
    assert done.status_code == 200
    page = done.content.decode()
    assert "2 incidents were imported" in page
    incidents = Incident.objects.order_by("pk")
    assert [i.origin for i in incidents] == ["import", "import"]
    assert [i.status for i in incidents] == ["received", "published"]
    for incident in incidents:
        assert reverse("monitoring:staff-incident", args=[incident.pk]) in page
    assert stored_files() == []
    # Importing the same check twice does nothing the second time.
    again = confirm(monitor, checked.context["token"])
    assert again.status_code == 400
    assert "expired or was already imported" in again.content.decode()
    assert Incident.objects.count() == 2


def test_the_audit_trail_holds_counts_and_never_a_row(monitor: Client) -> None:
    confirm(monitor, check(monitor, GOOD).context["token"])
    steps = AuditEvent.objects.filter(object_type="monitoring.import").order_by("pk")
    assert [e.context["step"] for e in steps] == ["import-check", "import"]
    assert steps[1].context["created"] == 2 and steps[1].context["rows"] == 2
    for event in steps:
        assert "Жанар" not in str(event.context) and "Almaty" not in str(event.context)


def test_a_row_that_became_invalid_after_the_check_writes_nothing(monitor: Client) -> None:
    group = ViolationGroup.objects.order_by("order").first()
    assert group is not None
    ViolationType.objects.create(
        code="soon-gone", group=group, name_kk="x", name_ru="x", name_en="x", rollup="other"
    )
    checked = check(
        monitor,
        HEADER
        + "Fine row,2026-10-05,KZ-75,detention,journalist,,,,\n"
        + "Uses a code removed meanwhile,2026-10-06,KZ-75,soon-gone,,,,,\n",
    )
    assert checked.status_code == 200
    ViolationType.objects.filter(code="soon-gone").delete()

    done = confirm(monitor, checked.context["token"])
    assert done.status_code == 400
    page = done.content.decode()
    assert "Nothing was imported" in page
    assert "Unknown violation type code “soon-gone”." in page
    assert Incident.objects.count() == 0 and Victim.objects.count() == 0
    assert stored_files() == []


def test_an_oversized_file_is_refused(monitor: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(staff_import, "MAX_BYTES", 2000)
    # Past the limit but within the form's overhead: read by the handler, which keeps nothing.
    response = check(monitor, GOOD + "x" * 3000)
    assert response.status_code == 400
    assert "The file is larger than 20 MB." in response.content.decode()
    # Far past it: refused from the declared length, before the body is read.
    response = check(monitor, GOOD + "x" * 100_000)
    assert response.status_code == 413
    assert "The file is larger than 20 MB." in response.content.decode()
    assert Incident.objects.count() == 0 and stored_files() == []


def test_a_file_that_is_not_utf8_csv_gets_a_translated_error(monitor: Client) -> None:
    with translation.override("ru"):
        response = check(monitor, "title_en,date\nПривет,2026\n".encode("cp1251"))
        page = response.content.decode()
    assert response.status_code == 400
    assert "Файл не является текстом в UTF-8." in page
    response = check(monitor, b"\x89PNG\r\n\x1a\n" + bytes(range(256)), name="photo.png")
    assert "The file is not UTF-8 text." in response.content.decode()
    response = check(monitor, "just some notes\nnot a table\n")
    assert "Unknown column “just some notes”" in response.content.decode()
    assert Incident.objects.count() == 0 and stored_files() == []


def test_another_monitors_token_is_refused(monitor: Client) -> None:
    token = check(monitor, GOOD).context["token"]
    other = sign_in(Client(), make_user("aigerim@qorgau.test", Role.MONITOR))
    response = confirm(other, token)
    assert response.status_code == 400
    assert Incident.objects.count() == 0
    assert len(stored_files()) == 1  # still there for the monitor who checked it
    assert confirm(other, token + "x").status_code == 400
    assert confirm(monitor, token).status_code == 200
    assert Incident.objects.count() == 2


def test_the_waiting_file_is_sealed(monitor: Client) -> None:
    content = GOOD.replace("Жанар Сейтова", MARKER).replace("Called her editor", MARKER + "-note")
    response = check(monitor, content)
    [path] = stored_files()
    stored = path.read_bytes()
    assert MARKER.encode() not in stored and b"Almaty" not in stored
    assert MARKER.encode("utf-16-le") not in stored
    assert MARKER not in response.context["token"]
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_checked_files_older_than_an_hour_are_removed_on_the_next_visit(monitor: Client) -> None:
    token = check(monitor, GOOD).context["token"]
    [path] = stored_files()
    old = time.time() - staff_import.KEEP_SECONDS - 60
    os.utime(path, (old, old))
    monitor.get(reverse("monitoring:staff-import"))
    assert stored_files() == []
    assert confirm(monitor, token).status_code == 400
    assert Incident.objects.count() == 0


def test_with_the_second_signoff_a_monitor_cannot_import_rows_as_verified(
    monitor: Client, settings: Any
) -> None:
    settings.MONITORING_SECOND_SIGNOFF = True
    response = check(monitor, GOOD.replace("published,partly", "published,verified"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "needs another monitor" in page
    assert "1 with errors" in page
    assert Incident.objects.count() == 0


def test_the_command_line_import_keeps_its_behaviour_with_the_second_signoff(
    settings: Any,
) -> None:
    settings.MONITORING_SECOND_SIGNOFF = True
    report = importing.import_file(
        GOOD.replace("published,partly", "published,verified").encode(), dry_run=True
    )
    assert report.ok
