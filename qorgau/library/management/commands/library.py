"""`qorgau library import|seed`: load official texts and the shipped register."""

from __future__ import annotations

import urllib.request
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.dateparse import parse_date

from qorgau.library import services
from qorgau.library.models import Act

MAX_BYTES = 20 * 1024 * 1024


def read_source(source: str) -> str:
    if source.startswith(("http://", "https://")):
        with urllib.request.urlopen(source, timeout=60) as response:  # noqa: S310 - scheme checked
            raw = response.read(MAX_BYTES + 1)
    else:
        path = Path(source)
        if not path.is_file():
            raise CommandError(f"No such file: {source}")
        raw = path.read_bytes()[: MAX_BYTES + 1]
    if len(raw) > MAX_BYTES:
        raise CommandError("The text is larger than 20 MB; is it really one act?")
    try:
        return str(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise CommandError("The file is not UTF-8 text.") from error


class Command(BaseCommand):
    help = "Import an official text of an act as a new edition, or load the shipped register."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import FILE_OR_URL as an edition")
        imp.add_argument("--act", required=True, help="act code, e.g. kz-mml")
        imp.add_argument("--lang", required=True, choices=["kk", "ru"])
        imp.add_argument(
            "--edition-date", required=True, help="YYYY-MM-DD: the date this text is in force from"
        )
        imp.add_argument("source", help="a file path or an http(s) address")
        sub.add_parser("seed", help="load the act register, international standards and commentary")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "seed":
            counts = services.register_load()
            self.stdout.write("Loaded: " + ", ".join(f"{n} {what}" for what, n in counts.items()))
            return
        act = Act.objects.filter(code=options["act"]).first()
        if act is None:
            known = (
                ", ".join(Act.objects.values_list("code", flat=True))
                or "none (run `qorgau library seed`)"
            )
            raise CommandError(f"Unknown act code {options['act']!r}. Known: {known}")
        valid_from = parse_date(options["edition_date"] or "")
        if valid_from is None:
            raise CommandError("--edition-date must be a date as YYYY-MM-DD")
        text = read_source(options["source"])
        try:
            report = services.edition_import(
                act=act,
                language=options["lang"],
                valid_from=valid_from,
                text=text,
                source=options["source"],
            )
        except services.ImportRefusedError as error:
            raise CommandError(str(error)) from error
        summary = ", ".join(f"{n} {kind}s" for kind, n in report.counts.items() if n)
        self.stdout.write(f"Imported {act.code} ({options['lang']}, from {valid_from}): {summary}")
        for line, text_left in report.unplaced:
            self.stdout.write(f"  could not place line {line}: {text_left[:100]}")
