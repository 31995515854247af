"""`qorgau demo`: each app may have a `demo` module with `load()` (create or reset its demo records)
and `summary() -> list[str]` (what to print, e.g. the demo sign-ins); they run in the order of
INSTALLED_APPS."""

from collections.abc import Iterator
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from qorgau.accounts.models import User


def demo_modules() -> Iterator[tuple[str, ModuleType]]:
    for config in apps.get_app_configs():
        name = f"{config.name}.demo"
        if config.name.startswith("qorgau.") and find_spec(name) is not None:
            yield config.label, import_module(name)


class Command(BaseCommand):
    help = "Load or reset the demo data of every module and print the demo sign-ins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only when the database has no users yet (used by `make run`).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo data is never loaded in production (QORGAU_ENV=production).")
        modules = list(demo_modules())
        if options["if_empty"] and User.objects.exists():
            self.stdout.write("Demo data is already loaded (`qorgau demo` resets it).")
        else:
            for label, module in modules:
                self.stdout.write(f"Loading demo data: {label}")
                module.load()
        for _label, module in modules:
            for line in getattr(module, "summary", list)():
                self.stdout.write(line)
