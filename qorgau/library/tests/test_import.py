"""Importing official texts: whole or absent, editions kept, provisions shared across languages."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from qorgau.library import services
from qorgau.library.models import Act, Edition, Provision, ProvisionText, SearchDocument
from qorgau.library.tests.sample import DAY_2025, DAY_2026, EDITION_2025, EDITION_2026, KAZAKH_2025

pytestmark = pytest.mark.django_db


@pytest.fixture
def act() -> Act:
    return Act.objects.create(code="kz-mml", kind="law", status="in_force", title_ru="О масс-медиа")


def _import(
    act: Act, text: str = EDITION_2025, language: str = "ru", day=DAY_2025
) -> services.ImportReport:
    return services.edition_import(
        act=act, language=language, valid_from=day, text=text, source="sample"
    )


def test_an_import_stores_chapters_articles_parts_and_items(act: Act) -> None:
    report = _import(act)
    assert report.counts["chapter"] == 2
    assert report.counts["article"] == 3
    keys = set(Provision.objects.values_list("key", flat=True))
    assert {"kz-mml:1", "kz-mml:1:1", "kz-mml:1:2", "kz-mml:2", "kz-mml:2:3", "kz-mml:3"} <= keys
    item = ProvisionText.objects.get(provision__key="kz-mml:1:1")
    assert item.text.startswith("журналист")


def test_footnotes_are_kept_apart_from_the_text(act: Act) -> None:
    _import(act)
    article = ProvisionText.objects.get(provision__key="kz-mml:1")
    everything = " ".join(ProvisionText.objects.values_list("text", flat=True))
    assert "Сноска" not in everything
    notes = " ".join(ProvisionText.objects.values_list("notes", flat=True))
    assert "Сноска" in notes
    assert article.heading == "Основные понятия"


def test_the_kazakh_text_shares_the_provisions_of_the_russian_one(act: Act) -> None:
    _import(act)
    before = Provision.objects.count()
    _import(act, KAZAKH_2025, language="kk")
    assert Provision.objects.count() == before
    kk = ProvisionText.objects.get(provision__key="kz-mml:2:3", edition__language="kk")
    assert "бас тарту" in kk.text


def test_a_newer_edition_keeps_the_older_one(act: Act) -> None:
    _import(act)
    _import(act, EDITION_2026, day=DAY_2026)
    assert Edition.objects.filter(act=act, language="ru").count() == 2
    old = SearchDocument.objects.get(provision__key="kz-mml:2", edition__valid_from=DAY_2025)
    assert old.valid_to == DAY_2026
    assert "семи" in old.body


def test_the_same_edition_twice_is_refused_and_nothing_changes(act: Act) -> None:
    _import(act)
    rows = ProvisionText.objects.count()
    with pytest.raises(services.ImportRefusedError):
        _import(act)
    assert ProvisionText.objects.count() == rows


def test_a_file_that_is_not_an_act_is_refused_whole(act: Act) -> None:
    with pytest.raises(services.ImportRefusedError):
        _import(act, "<html><body>Страница не найдена</body></html>")
    assert not Edition.objects.exists()
    assert not Provision.objects.exists()


def test_the_command_reports_counts_and_refuses_unknown_acts(
    act: Act, tmp_path: Path, capsys
) -> None:
    source = tmp_path / "act.txt"
    source.write_text(EDITION_2025, encoding="utf-8")
    call_command(
        "library",
        "import",
        "--act",
        "kz-mml",
        "--lang",
        "ru",
        "--edition-date",
        "2025-03-01",
        str(source),
    )
    assert "3 articles" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Unknown act code"):
        call_command(
            "library",
            "import",
            "--act",
            "kz-nope",
            "--lang",
            "ru",
            "--edition-date",
            "2025-03-01",
            str(source),
        )
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command(
            "library",
            "import",
            "--act",
            "kz-mml",
            "--lang",
            "ru",
            "--edition-date",
            "March",
            str(source),
        )


def test_the_shipped_register_loads_and_can_be_loaded_again() -> None:
    counts = services.register_load()
    assert counts["acts"] >= 14
    assert Act.objects.filter(code="kz-mml", kind="law").exists()
    assert Provision.objects.filter(key="iccpr:19:3").exists()
    services.register_load()
    assert Act.objects.count() == counts["acts"]
    assert SearchDocument.objects.filter(provision__key="iccpr:19:3", language="kk").count() == 1
