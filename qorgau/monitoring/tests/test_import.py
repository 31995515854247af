"""CSV import: the template imports; a dry run writes nothing and reports every row; a real run
with one bad row writes nothing at all; malformed files get clear errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from qorgau.monitoring.importing import import_file, parse_date
from qorgau.monitoring.models import Incident, Victim

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


TEMPLATE = Path(__file__).resolve().parents[1] / "data" / "import_template.csv"
HEADER = "title_en,date,region,types,victim_roles,victim_genders,proceedings\n"


def test_the_template_imports_as_documented(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("monitoring", "import", str(TEMPLATE), "--lang", "en")
    assert "Imported 2 incidents." in capsys.readouterr().out
    published = Incident.objects.get(status="published")
    assert published.verification == "verified"
    assert published.origin == "import"
    assert set(published.type_links.values_list("type_id", flat=True)) == {
        "equipment",
        "footage-deleted",
    }
    claim = Incident.objects.get(status="received")
    assert (claim.date_precision, claim.month) == ("month", 10)
    assert claim.proceedings.get().provision == "kz-civ:143"
    assert claim.victim_links.get().victim.public_name == "Samal Press"


def test_a_dry_run_reports_each_row_and_writes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("monitoring", "import", str(TEMPLATE), "--dry-run", "--lang", "en")
    out = capsys.readouterr().out
    assert "line 2:" in out and "line 3:" in out
    assert "nothing was written" in out
    assert Incident.objects.count() == 0
    assert Victim.objects.count() == 0


def test_one_bad_row_and_nothing_is_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        HEADER
        + "Journalist detained,2026-10-05,KZ-75,detention,journalist,female,\n"
        + "Blogger charged,2026-10-31,KZ-71,criminal-case|flying-saucer,blogger,male,"
        + "criminal=kz-cc:274:2\n"
        + "Bad date,2026-02-30,KZ-75,threats,,,\n"
        + "Bad provision,2026-10-01,KZ-75,,,,criminal=Article 274\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("monitoring", "import", str(path), "--lang", "en")
    err = capsys.readouterr().err
    assert "line 3: error: Unknown violation type code “flying-saucer”." in err
    assert "line 4: error: Invalid date “2026-02-30”" in err
    assert "line 5: error: “Article 274” is not a citation key such as kz-cc:274:2." in err
    assert "line 2: error" not in err
    assert Incident.objects.count() == 0
    assert Victim.objects.count() == 0


def test_errors_are_translated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "X,2026-13,KZ-75,,,,\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("monitoring", "import", str(path), "--lang", "ru")
    assert "Invalid date" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\xff\xfe not utf-8", "not UTF-8"),
        (b"title_en,colour\nX,red\n", "Unknown column"),
        (b"title_en\nX\n", "column “date” is missing"),
        (b"title_en,date\nX,2026,extra\n", "more cells"),
        (b"title_en,date\n", "no rows"),
    ],
)
def test_malformed_files_get_a_clear_error(raw: bytes, message: str) -> None:
    report = import_file(raw, dry_run=True)
    assert not report.ok
    assert message in report.errors[0]


def test_unknown_codes_of_every_vocabulary_are_named() -> None:
    raw = (
        b"title_en,date,region,context,perpetrators,victim_roles,victim_genders\n"
        b"X,2026-10-01,KZ-99,riot,aliens=sure,astronaut,robot\n"
    )
    report = import_file(raw, dry_run=True)
    errors = " ".join(report.rows[0].errors)
    for code in ("riot", "sure", "astronaut", "robot"):
        assert f"“{code}”" in errors
    report = import_file(
        b"title_en,date,region,perpetrators\nX,2026-10-01,KZ-99,aliens\n", dry_run=True
    )
    assert "KZ-99" in " ".join(report.rows[0].errors)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026", ("2026-01-01", "year")),
        ("2026-10", ("2026-10-01", "month")),
        ("2026-10-05", ("2026-10-05", "day")),
    ],
)
def test_dates_carry_their_precision(text: str, expected: tuple[str, str]) -> None:
    date, precision = parse_date(text)
    assert (date.isoformat(), precision) == expected


@pytest.mark.parametrize("text", ["05.10.2026", "2026-1-5", "2026-00", ""])
def test_other_date_shapes_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)
