"""`qorgau monitoring import FILE.csv [--dry-run]` and `qorgau monitoring report …`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "Import incidents from a CSV file, or write the periodic report."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser(
            "import", help="import incidents from FILE.csv (see docs/monitoring.md)"
        )
        imp.add_argument("file", help="a UTF-8 CSV file in the import template's columns")
        imp.add_argument("--dry-run", action="store_true", help="check every row and write nothing")
        imp.add_argument(
            "--lang",
            choices=["kk", "ru", "en"],
            default=settings.LANGUAGE_CODE[:2],
            help="language of the messages",
        )
        rep = sub.add_parser("report", help="the periodic digest as PDF or HTML")
        rep.add_argument("--from", dest="date_from", required=True, help="YYYY-MM-DD")
        rep.add_argument("--to", dest="date_to", required=True, help="YYYY-MM-DD")
        rep.add_argument("--lang", choices=["kk", "ru", "en"], default="ru")
        rep.add_argument("--format", choices=["pdf", "html"], default="pdf")
        rep.add_argument("--output", required=True, help="the file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "report":
            from qorgau.monitoring.reporting import ReportError, run_report

            try:
                path = run_report(**options)
            except ReportError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(f"Written: {path}")
            return
        with translation.override(options["lang"]):
            self._import(Path(options["file"]), dry_run=options["dry_run"])

    def _import(self, path: Path, *, dry_run: bool) -> None:
        from qorgau.monitoring.importing import MAX_BYTES, import_file

        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
        report = import_file(raw, dry_run=dry_run)
        for message in report.errors:
            self.stderr.write(message)
        for row in report.rows:
            if row.errors:
                for message in row.errors:
                    self.stderr.write(
                        _("line %(line)s: error: %(message)s")
                        % {"line": row.line, "message": message}
                    )
            else:
                self.stdout.write(
                    _("line %(line)s: %(title)s — %(summary)s")
                    % {"line": row.line, "title": row.title, "summary": row.summary}
                )
        if not report.ok:
            raise CommandError(_("Nothing was imported: correct the errors above and run again."))
        if dry_run:
            self.stdout.write(
                _("Dry run: %(count)s rows are valid; nothing was written.")
                % {"count": len(report.rows)}
            )
        else:
            self.stdout.write(_("Imported %(count)s incidents.") % {"count": report.created})
