"""`qorgau translations compile|check`: gettext catalogues without GNU gettext installed.

compile: writes each locale/<lang>/LC_MESSAGES/django.mo from its .po (run by `make`).
check:   fails when a string marked in the code or templates is missing from a catalogue, or is
         untranslated or fuzzy there (run by `make test`). Update catalogues with `make messages`.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

TRANSLATED = [code for code, _name in settings.LANGUAGES if code != "en"]
KEYWORDS: dict[str, Any] = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}


def catalogue_path(lang: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / lang / "LC_MESSAGES" / "django.po"


def source_messages() -> set[tuple[str | None, str]]:
    """Every (context, msgid) marked for translation in our Python code and templates."""
    from babel.messages.extract import extract_python
    from django.utils.translation.template import templatize

    root = Path(settings.BASE_DIR) / "qorgau"
    found: set[tuple[str | None, str]] = set()
    for path in sorted(root.rglob("*")):
        if "tests" in path.parts or "migrations" in path.parts or not path.is_file():
            continue
        if path.suffix == ".py":
            code = path.read_bytes()
        elif path.suffix in {".html", ".txt"} and "templates" in path.parts:
            # templatize() writes pseudo-Python for xgettext; flush-left lines let Python's own
            # tokenizer read it too.
            pseudo = templatize(path.read_text(encoding="utf-8"), origin=str(path))
            code = "\n".join(line.lstrip() for line in pseudo.splitlines()).encode()
        else:
            continue
        for extracted in extract_python(io.BytesIO(code), KEYWORDS, [], {"encoding": "utf-8"}):
            message = extracted[2]
            context: str | None = extracted[4] if len(extracted) > 4 else None
            msgid = message[0] if isinstance(message, tuple | list) else message
            if msgid:
                found.add((context, str(msgid)))
    return found


class Command(BaseCommand):
    help = "Compile the gettext catalogues, or check that they are complete."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["compile", "check"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "compile":
            for lang in TRANSLATED:
                po = polib.pofile(str(catalogue_path(lang)))
                po.save_as_mofile(str(catalogue_path(lang).with_suffix(".mo")))
            self.stdout.write(f"Compiled catalogues: {', '.join(TRANSLATED)}")
            return
        problems = self.check_catalogues()
        if problems:
            for line in problems[:200]:
                self.stderr.write(line)
            raise CommandError(
                f"{len(problems)} translation problem(s); run `make messages` and translate."
            )
        self.stdout.write("Translations are complete in " + ", ".join(TRANSLATED))

    def check_catalogues(self) -> list[str]:
        wanted = source_messages()
        problems = []
        for lang in TRANSLATED:
            po = polib.pofile(str(catalogue_path(lang)))
            present = {(entry.msgctxt, entry.msgid) for entry in po if not entry.obsolete}
            for _context, msgid in sorted(wanted - present, key=lambda m: m[1]):
                problems.append(f"{lang}: missing from the catalogue: {msgid!r}")
            for entry in po:
                if entry.obsolete:
                    continue
                if "fuzzy" in entry.flags:
                    problems.append(f"{lang}: fuzzy: {entry.msgid!r}")
                elif not entry.translated():
                    problems.append(f"{lang}: untranslated: {entry.msgid!r}")
        return problems
