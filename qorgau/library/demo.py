"""Demo data of the library: the register, standards and commentary; and the official texts
found next to the project (../shared/data/kz-law/), when they are there."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.conf import settings

from qorgau.library import services
from qorgau.library.models import Act, Edition

# The snapshots in shared/data/kz-law, dated by the newest act they cite (see SOURCES.md there).
OFFICIAL_TEXTS = [
    ("kz-mml", "ru", "mass_media_2024.txt", date(2026, 1, 9)),
    ("kz-mml", "kk", "mass_media_2024_kz.txt", date(2026, 1, 9)),
    ("kz-ati", "ru", "access_to_information_2015.txt", date(2026, 1, 9)),
    ("kz-ati", "kk", "access_to_information_2015_kz.txt", date(2026, 1, 9)),
    ("kz-pdl", "ru", "personal_data.txt", date(2026, 1, 9)),
    ("kz-pdl", "kk", "personal_data_kz.txt", date(2026, 1, 9)),
    ("kz-chr", "ru", "child_rights.txt", date(2025, 12, 30)),
    ("kz-chr", "kk", "child_rights_kz.txt", date(2025, 12, 30)),
    ("kz-const", "ru", "constitution.txt", date(2025, 8, 25)),
    ("kz-civ", "ru", "civil_code.txt", date(2026, 1, 9)),
    ("kz-cc", "ru", "criminal_code.txt", date(2026, 1, 3)),
    ("kz-cao", "ru", "code_of_administrative_offenses.txt", date(2026, 1, 9)),
]


def shared_texts() -> Path:
    return Path(settings.BASE_DIR).parent / "shared" / "data" / "kz-law"


def load() -> None:
    services.register_load()
    folder = shared_texts()
    if not folder.is_dir():
        return
    for code, language, name, valid_from in OFFICIAL_TEXTS:
        path = folder / name
        act = Act.objects.filter(code=code).first()
        if act is None or not path.is_file():
            continue
        if Edition.objects.filter(act=act, language=language).exists():
            continue
        services.edition_import(
            act=act,
            language=language,
            valid_from=valid_from,
            text=path.read_text(encoding="utf-8"),
            source=name,
        )


def summary() -> list[str]:
    imported = Edition.objects.exclude(source="Qorgau editors' summaries").count()
    if imported:
        return [f"Library: {imported} official texts imported from {shared_texts()}"]
    return ["Library: act register and commentary loaded; no official texts found to import."]
