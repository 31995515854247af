"""`qorgau checkup FILE|-`: check a draft from the command line, or many with --jsonl."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.loader import render_to_string
from django.utils import translation

from qorgau.checkup.documents import DocumentError, extract_text
from qorgau.checkup.engine import InputTooLarge, Report, check
from qorgau.checkup.highlight import highlighted
from qorgau.checkup.pdf import library_available, report_pdf


class Command(BaseCommand):
    help = "Check a draft for legal risks (personal data, defamation, false information, ...)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "source",
            nargs="?",
            default="-",
            help="a .txt, .docx, .odt or .pdf file, or - for text on standard input",
        )
        parser.add_argument("--lang", default="auto", choices=["auto", "kk", "ru", "en"])
        parser.add_argument("--ui-lang", default="en", choices=["kk", "ru", "en"])
        parser.add_argument("--format", default="text", choices=["json", "text", "html", "pdf"])
        parser.add_argument(
            "--output", "-o", help="write the report to this file (required for --format pdf)"
        )
        parser.add_argument(
            "--redact", action="store_true", help="also output a copy with personal data hidden"
        )
        parser.add_argument(
            "--ai-assisted", action="store_true", help="the draft was written with AI help"
        )
        parser.add_argument(
            "--jsonl",
            action="store_true",
            help='read {"id": ..., "text": ...} lines on standard input, write one JSON report per line',
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["jsonl"]:
            self._batch(options)
            return
        source = options["source"]
        if source == "-":
            text = sys.stdin.read()
        else:
            path = Path(source)
            if not path.is_file():
                raise CommandError(f"No such file: {source}")
            try:
                text = extract_text(path.read_bytes())
            except DocumentError as error:
                raise CommandError(f"Cannot read {source}: {error.reason}") from error
        if options["format"] == "pdf" and not options["output"]:
            raise CommandError("--format pdf needs --output FILE")
        report = self._check(text, options)
        if options["format"] == "pdf":
            pdf = report_pdf(
                text,
                report,
                language=options["ui_lang"],
                plain_citations=not library_available(),
            )
            Path(options["output"]).write_bytes(pdf)
            return
        if options["format"] == "json":
            out = json.dumps(report.as_dict(), ensure_ascii=False, indent=2)
        elif options["format"] == "html":
            with translation.override(options["ui_lang"]):
                out = render_to_string(
                    "checkup/report_standalone.html",
                    {
                        "report": report,
                        "marked": highlighted(text, report),
                        "plain_citations": not library_available(),
                    },
                )
        else:
            out = self._as_text(report)
        if options["output"]:
            Path(options["output"]).write_text(out + "\n", encoding="utf-8")
        else:
            self.stdout.write(out)

    def _check(self, text: str, options: dict[str, Any]) -> Report:
        try:
            return check(
                text,
                lang=options["lang"],
                ui_lang=options["ui_lang"],
                ai_assisted=options["ai_assisted"],
                redact=options["redact"],
            )
        except InputTooLarge as error:
            raise CommandError(str(error)) from error

    def _batch(self, options: dict[str, Any]) -> None:
        for number, line in enumerate(sys.stdin, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                text = item["text"]
                if not isinstance(text, str):
                    raise TypeError("text must be a string")
                result: dict[str, Any] = {
                    "id": item.get("id"),
                    **self._check(text, options).as_dict(),
                }
            except (ValueError, KeyError, TypeError, CommandError) as error:
                result = {"id": None, "line": number, "error": str(error)}
            self.stdout.write(json.dumps(result, ensure_ascii=False))

    @staticmethod
    def _as_text(report: Report) -> str:
        lines = [
            f"languages: {', '.join(report.languages)}; words: {report.word_count}; risk: {report.risk}",
        ]
        for finding in report.findings:
            lines.append(
                f"[{finding.severity}] {finding.type} {finding.start}-{finding.end} «{finding.text}»: "
                f"{finding.message} {finding.recommendation} ({', '.join(finding.citations)})"
            )
        if report.redacted is not None:
            lines += ["", report.redacted]
        return "\n".join(lines)
