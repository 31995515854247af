"""`qorgau translations compile|check`: gettext catalogues without GNU gettext installed.

compile: writes each django.mo beside its .po (run by `make`).
check:   fails when a string marked in the code or templates is missing from a catalogue, or is
         untranslated or fuzzy there (run by `make test`). Update catalogues with `make messages`.

The project catalogue is locale/; an app with a locale/ folder of its own (qorgau/<app>/locale/)
keeps the strings of its files there, as Django's makemessages does.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
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


Message = tuple[str | None, str]


def catalogue_path(lang: str, locale_dir: Path | None = None) -> Path:
    return (locale_dir or Path(settings.LOCALE_PATHS[0])) / lang / "LC_MESSAGES" / "django.po"


def app_locale_dirs() -> list[Path]:
    """The locale/ folders of apps that keep their own catalogue."""
    return sorted(path for path in (Path(settings.BASE_DIR) / "qorgau").glob("*/locale"))


def source_messages(root: Path | None = None, skip: Sequence[Path] = ()) -> set[Message]:
    """Every (context, msgid) marked for translation in our Python code and templates under
    root (default: all of qorgau/), leaving out the folders in skip."""
    from babel.messages.extract import extract_python
    from django.utils.translation.template import templatize

    root = root or Path(settings.BASE_DIR) / "qorgau"
    found: set[Message] = set()
    for path in sorted(root.rglob("*")):
        if "tests" in path.parts or "migrations" in path.parts or not path.is_file():
            continue
        if any(path.is_relative_to(folder) for folder in skip):
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
            funcname, message = extracted[1], extracted[2]
            parts = list(message) if isinstance(message, tuple | list) else [message]
            # The p*gettext family takes the context first (Babel's low-level extractor returns
            # the arguments as written).
            context = parts.pop(0) if str(funcname).startswith(("pgettext", "npgettext")) else None
            msgid = parts[0] if parts else None
            if msgid:
                found.add((str(context) if context else None, str(msgid)))
    return found


class Command(BaseCommand):
    help = "Compile the gettext catalogues, or check that they are complete."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["compile", "check"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "compile":
            for locale_dir in [None, *app_locale_dirs()]:
                for lang in TRANSLATED:
                    path = catalogue_path(lang, locale_dir)
                    polib.pofile(str(path)).save_as_mofile(str(path.with_suffix(".mo")))
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
        app_dirs = app_locale_dirs()
        # (catalogue folder, the strings it must hold); an app's strings may also come from the
        # project catalogue, which Django consults first.
        wanted: list[tuple[Path | None, set[Message]]] = [
            (None, source_messages(skip=[folder.parent for folder in app_dirs]))
        ]
        wanted += [(folder, source_messages(folder.parent)) for folder in app_dirs]
        problems = []
        for lang in TRANSLATED:
            project = self.present(catalogue_path(lang))
            for locale_dir, messages in wanted:
                present = project | self.present(catalogue_path(lang, locale_dir))
                for _context, msgid in sorted(messages - present, key=lambda m: m[1]):
                    problems.append(f"{lang}: missing from the catalogue: {msgid!r}")
                problems += self.entry_problems(lang, catalogue_path(lang, locale_dir))
        return problems

    @staticmethod
    def present(path: Path) -> set[Message]:
        return {
            (entry.msgctxt, entry.msgid) for entry in polib.pofile(str(path)) if not entry.obsolete
        }

    @staticmethod
    def entry_problems(lang: str, path: Path) -> list[str]:
        problems = []
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            if "fuzzy" in entry.flags:
                problems.append(f"{lang}: fuzzy: {entry.msgid!r}")
            elif not entry.translated():
                problems.append(f"{lang}: untranslated: {entry.msgid!r}")
        return problems
