"""`qorgau helpdesk expire` and `qorgau helpdesk remind`: the help desk's daily upkeep, for cron
or a systemd timer (the task queue runs the same functions as tasks). `qorgau helpdesk
demographics` counts the sealed demographic answers, offline, with the reporting private key."""

from __future__ import annotations

import base64
import binascii
import csv
import datetime as dt
import sys
from getpass import getpass
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.dateparse import parse_date


class Command(BaseCommand):
    help = (
        "Help desk upkeep: 'expire' crypto-shreds requests and closed cases past their retention "
        "period, warns coordinators of requests about to expire and removes encrypted files no "
        "record refers to (older than an hour); 'remind' mails reminders 7, 3 and 1 days before "
        "critical dates; 'demographics' prints the counts of the sealed demographic answers (the "
        "reporting private key is read from standard input or --key-file)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["expire", "remind", "demographics"])
        parser.add_argument(
            "--dry-run", action="store_true", help="expire: only count what would expire"
        )
        parser.add_argument("--today", help="remind: act as if today were this date (YYYY-MM-DD)")
        parser.add_argument("--from", dest="first", help="demographics: first month (YYYY-MM)")
        parser.add_argument("--to", dest="last", help="demographics: last month (YYYY-MM)")
        parser.add_argument("--format", choices=["text", "csv"], default="text")
        parser.add_argument(
            "--key-file", help="demographics: file holding the reporting private key (base64)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "remind":
            self._remind(options)
        elif options["action"] == "demographics":
            self._demographics(options)
        else:
            self._expire(options)

    def _remind(self, options: dict[str, Any]) -> None:
        from qorgau.helpdesk.critical_dates import reminders_send

        today: dt.date | None = None
        if options["today"]:
            today = parse_date(options["today"])
            if today is None:
                raise CommandError(f"Not a date: {options['today']} (expected YYYY-MM-DD)")
        sent = reminders_send(today)
        self.stdout.write(f"reminders sent: {sent}")

    def _expire(self, options: dict[str, Any]) -> None:
        from django.utils import timezone

        from qorgau.helpdesk.retention import (
            cases_expiring,
            orphan_files,
            requests_expiring,
            retention_run,
            warning_days,
        )

        if options["dry_run"]:
            now = timezone.now()
            today = timezone.localdate(now)
            self.stdout.write(f"requests to expire: {requests_expiring(today).count()}")
            self.stdout.write(f"cases to expire: {cases_expiring(now).count()}")
            soon = requests_expiring(today, within=warning_days()).count()
            self.stdout.write(f"requests expiring within {warning_days()} days: {soon}")
            self.stdout.write(f"files no record refers to: {len(orphan_files(now))}")
            return
        result = retention_run()
        self.stdout.write(
            f"requests expired: {result['requests']}; cases expired: {result['cases']}; "
            f"coordinators warned about: {result['warned']}; "
            f"files no record refers to removed: {result['orphans']}"
        )

    def _demographics(self, options: dict[str, Any]) -> None:
        """Counts only: the decrypted answers stay in this process's memory and are never
        written anywhere (docs/helpdesk.md, "Demographics")."""
        from qorgau.core.crypto import DecryptionFailed
        from qorgau.helpdesk.demographics import WrongReportingKeyError, demographics_report

        first = _month(options["first"], "--from")
        last = _month(options["last"], "--to")
        if last < first:
            raise CommandError("--to is before --from.")
        private_key = _reporting_private_key(options["key_file"])
        try:
            report = demographics_report(private_key=private_key, first=first, last=last)
        except WrongReportingKeyError as error:
            raise CommandError(f"Wrong reporting private key: {error}.") from None
        except DecryptionFailed:
            raise CommandError(
                "An answer sealed to this key does not open: the table was altered."
            ) from None
        period = f"{report.first:%Y-%m} to {report.last:%Y-%m}"
        if options["format"] == "csv":
            writer = csv.writer(self.stdout)
            writer.writerow(["period", "question", "answer", "count"])
            writer.writerow([period, "all", "answers", report.total_shown])
            for question, answer, count in report.rows():
                writer.writerow([period, question, answer, count])
        else:
            self.stdout.write(
                f"Demographic answers {period}: {report.total_shown} "
                "(counts under 5 shown as <5; x: hidden so that a <5 cannot be worked out)"
            )
            shown_question = ""
            for question, answer, count in report.rows():
                if question != shown_question:
                    self.stdout.write(question)
                    shown_question = question
                self.stdout.write(f"  {answer}: {count}")
        if report.other_key:
            self.stderr.write(
                f"{report.other_key} answers of the period were sealed to another reporting key "
                "and are not counted."
            )


def _month(value: str | None, option: str) -> dt.date:
    try:
        return dt.datetime.strptime(value or "", "%Y-%m").date()  # noqa: DTZ007 - a month
    except ValueError:
        raise CommandError(f"{option} needs a month as YYYY-MM, not {value!r}.") from None


def _reporting_private_key(path: str | None) -> bytes:
    if path:
        text = Path(path).read_text()
    elif sys.stdin.isatty():
        text = getpass("Reporting private key (base64): ")
    else:
        text = sys.stdin.readline()
    try:
        key = base64.b64decode(text.strip(), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:
        raise CommandError("That is not a reporting private key (32 bytes in base64).")
    return key
