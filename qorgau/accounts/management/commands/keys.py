"""`qorgau keys`: the organisation's offline escrow key (docs/security.md).

- `qorgau keys escrow-keygen` prints a new escrow key pair: the public half goes into
  QORGAU_ESCROW_PUBLIC_KEY, the private half is kept offline (paper, a safe), never on the server.
- `qorgau keys server-keygen` prints a new server key, and `qorgau keys rotate-server-key` seals
  every P1 field again under it and recomputes the blind indexes once it is QORGAU_SERVER_KEY and
  the old one is in QORGAU_SERVER_KEY_PREVIOUS (docs/security.md "Rotating the server key").
- `qorgau keys escrow-recover EMAIL` reads the private half from standard input and gives the
  person a new recovery key, with which they open their keys again under their password.
- `qorgau keys reporting-keygen` prints a new reporting key pair: the public half goes into
  QORGAU_REPORTING_PUBLIC_KEY (demographic answers are sealed to it), the private half is kept
  offline for `qorgau helpdesk demographics`.
"""

from __future__ import annotations

import base64
import binascii
import sys
from getpass import getpass
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from qorgau.accounts import keys
from qorgau.accounts.models import User
from qorgau.core import crypto
from qorgau.core.key_rotation import RotationError, RotationReport, server_key_rotate


class Command(BaseCommand):
    help = (
        "Make the offline escrow key pair, or recover a person's keys with it; make the offline "
        "reporting key pair for demographic answers; make a new server key and rotate to it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="command", required=True)
        commands.add_parser("escrow-keygen", help="Print a new escrow key pair.")
        commands.add_parser(
            "reporting-keygen", help="Print a new key pair for sealed demographic answers."
        )
        recover = commands.add_parser(
            "escrow-recover",
            help="Give a person a new recovery key; the escrow private key is read from stdin.",
        )
        recover.add_argument("email")
        commands.add_parser("server-keygen", help="Print a new server key (QORGAU_SERVER_KEY).")
        rotate = commands.add_parser(
            "rotate-server-key",
            help="Seal P1 fields again under the current server key and recompute blind indexes.",
        )
        rotate.add_argument(
            "--dry-run", action="store_true", help="Count what would change; write nothing."
        )
        rotate.add_argument("--batch-size", type=int, default=500, help="Rows per transaction.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["command"] == "server-keygen":
            self._server_keygen()
            return
        if options["command"] == "rotate-server-key":
            self._rotate(dry_run=options["dry_run"], batch_size=options["batch_size"])
            return
        if options["command"] == "escrow-keygen":
            self._keygen()
        elif options["command"] == "reporting-keygen":
            self._reporting_keygen()
        else:
            self._recover(options["email"])

    def _keygen(self) -> None:
        public, private = crypto.new_key_pair()
        self.stdout.write(
            "Public key (set QORGAU_ESCROW_PUBLIC_KEY to it; key pairs made from now on "
            "get an escrow copy):"
        )
        self.stdout.write(f"  {base64.b64encode(public).decode()}")
        self.stdout.write(
            "Private key (write it down, keep it offline, never on this server; whoever holds it "
            "can open every key pair with an escrow copy):"
        )
        self.stdout.write(f"  {base64.b64encode(private).decode()}")

    def _reporting_keygen(self) -> None:
        public, private = crypto.new_key_pair()
        self.stdout.write(
            "Public key (set QORGAU_REPORTING_PUBLIC_KEY to it; the help request form then asks "
            "its optional demographic questions and seals the answers to it):"
        )
        self.stdout.write(f"  {base64.b64encode(public).decode()}")
        self.stdout.write(
            "Private key (keep it offline, never on this server; `qorgau helpdesk demographics` "
            "reads it to count the answers):"
        )
        self.stdout.write(f"  {base64.b64encode(private).decode()}")

    def _recover(self, email: str) -> None:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No account has the address {email}.")
        if sys.stdin.isatty():
            text = getpass("Escrow private key (base64): ")
        else:
            text = sys.stdin.readline()
        try:
            private = base64.b64decode(text.strip(), validate=True)
        except (binascii.Error, ValueError):
            private = b""
        if len(private) != crypto.KEY_BYTES:
            raise CommandError("That is not an escrow private key (32 bytes in base64).")
        try:
            recovery_key = keys.keypair_escrow_recover(user=user, escrow_private_key=private)
        except keys.KeyPairError as error:
            raise CommandError(f"{user.email}: {error}.") from None
        self.stdout.write(
            f"New recovery key for {user.email} (hand it over in person; they type it on "
            "their account page under “Use my recovery key”):"
        )
        self.stdout.write(f"  {recovery_key}")

    def _server_keygen(self) -> None:
        self.stderr.write(
            'A new server key (docs/security.md "Rotating the server key": it becomes '
            "QORGAU_SERVER_KEY, the old key QORGAU_SERVER_KEY_PREVIOUS, then run "
            "`qorgau keys rotate-server-key`):"
        )
        self.stdout.write(base64.urlsafe_b64encode(crypto.new_data_key()).decode())

    def _rotate(self, *, dry_run: bool, batch_size: int) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        try:
            report = server_key_rotate(batch_size=batch_size, dry_run=dry_run)
        except RotationError as error:
            raise CommandError(f"{error}.") from None
        self._rotation_report(report, dry_run=dry_run)
        if report.unreadable:
            raise CommandError(
                f"{report.unreadable} sealed values open under no configured server key and were "
                "left as they are: is a key missing from QORGAU_SERVER_KEY_PREVIOUS?"
            )

    def _rotation_report(self, report: RotationReport, *, dry_run: bool) -> None:
        write = self.stdout.write
        if dry_run:
            write("Dry run: nothing was written.")
        would = "would be " if dry_run else ""
        write("P1 fields under the current server key:")
        for label, count in report.fields.items():
            unreadable = f", {count.unreadable} unreadable" if count.unreadable else ""
            write(
                f"  {label}: {count.resealed} {would}sealed again, "
                f"{count.current} already current{unreadable}"
            )
        unreadable = (
            f", {report.parties_unreadable} unreadable" if report.parties_unreadable else ""
        )
        write(
            f"Blind index: {report.parties_reindexed} parties {would}indexed again "
            f"({report.index_rows_written} rows), {report.parties_current} already current"
            f"{unreadable}"
        )
        write(
            f"Requests received up to {report.rotated_on:%Y-%m-%d} whose receipts still need a "
            f"previous key: {report.requests_waiting} ({report.requests_waiting_in_cases} of "
            "them in cases)."
        )
        if report.requests_waiting:
            write(
                "Keep QORGAU_SERVER_KEY_PREVIOUS until this is 0: a request expires "
                f"{settings.HELPDESK_REQUEST_RETENTION_DAYS} days (accepted: "
                f"{settings.HELPDESK_ACCEPTED_RETENTION_DAYS}) after its last activity, one that "
                f"became a case {settings.HELPDESK_CASE_RETENTION_DAYS} days after the case "
                "closed. Run this command again to see the count."
            )
        elif not dry_run and not report.unreadable:
            write("Nothing needs a previous key any more: QORGAU_SERVER_KEY_PREVIOUS can go.")
