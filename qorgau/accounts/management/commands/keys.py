"""`qorgau keys`: the organisation's offline escrow key (docs/security.md).

- `qorgau keys escrow-keygen` prints a new escrow key pair: the public half goes into
  QORGAU_ESCROW_PUBLIC_KEY, the private half is kept offline (paper, a safe), never on the server.
- `qorgau keys escrow-recover EMAIL` reads the private half from standard input and gives the
  person a new recovery key, with which they open their keys again under their password.
"""

from __future__ import annotations

import base64
import binascii
import sys
from getpass import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qorgau.accounts import keys
from qorgau.accounts.models import User
from qorgau.core import crypto


class Command(BaseCommand):
    help = "Make the offline escrow key pair, or recover a person's keys with it."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="command", required=True)
        commands.add_parser("escrow-keygen", help="Print a new escrow key pair.")
        recover = commands.add_parser(
            "escrow-recover",
            help="Give a person a new recovery key; the escrow private key is read from stdin.",
        )
        recover.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["command"] == "escrow-keygen":
            self._keygen()
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
