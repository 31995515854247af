"""The `qorgau` command: Django's management commands plus ours (`qorgau demo`, ...)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qorgau.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["qorgau", *sys.argv[1:]])


if __name__ == "__main__":
    main()
