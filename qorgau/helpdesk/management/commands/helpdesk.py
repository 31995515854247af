"""`qorgau helpdesk expire` and `qorgau helpdesk remind`: the help desk's daily upkeep, for cron
or a systemd timer (the task queue runs the same functions as tasks)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.dateparse import parse_date


class Command(BaseCommand):
    help = (
        "Help desk upkeep: 'expire' crypto-shreds requests and closed cases past their retention "
        "period, warns coordinators of requests about to expire and removes encrypted files no "
        "record refers to (older than an hour); 'remind' mails reminders 7, 3 and 1 days before "
        "critical dates."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["expire", "remind"])
        parser.add_argument(
            "--dry-run", action="store_true", help="expire: only count what would expire"
        )
        parser.add_argument("--today", help="remind: act as if today were this date (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "remind":
            self._remind(options)
        else:
            self._expire(options)

    def _remind(self, options: dict[str, Any]) -> None:
        from qorgau.helpdesk.cases import reminders_send

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
