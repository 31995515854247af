"""Password rules after OWASP ASVS 5.0: long enough, not known from breaches, no composition rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_PASSWORD_LENGTH = 256


class MaximumLengthValidator:
    """Long passphrases are welcome; only absurd lengths (a hashing cost attack) are refused."""

    def validate(self, password: str, user: Any = None) -> None:
        if len(password) > MAX_PASSWORD_LENGTH:
            raise ValidationError(
                _("This password is longer than %(max)d characters.")
                % {"max": MAX_PASSWORD_LENGTH},
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return _("Up to %(max)d characters; spaces and any alphabet are allowed.") % {
            "max": MAX_PASSWORD_LENGTH
        }


class BreachedPasswordValidator(CommonPasswordValidator):
    """Django's list of 20,000 passwords seen in breaches, plus words an attacker would try first
    against this platform (its name, the country, Cyrillic keyboard runs)."""

    EXTRA_LIST = Path(__file__).parent / "data" / "context-passwords.txt"

    def __init__(
        self, password_list_path: Any = CommonPasswordValidator.DEFAULT_PASSWORD_LIST_PATH
    ) -> None:
        super().__init__(password_list_path)
        extra = self.EXTRA_LIST.read_text(encoding="utf-8").split()
        self.passwords = set(self.passwords) | {word.strip().lower() for word in extra}

    def validate(self, password: str, user: Any = None) -> None:
        candidate = password.strip().lower()
        if candidate in self.passwords or _is_context_variant(candidate, self.passwords):
            raise ValidationError(
                _("This password is known from breaches or too easy to guess. Choose another one."),
                code="password_too_common",
            )

    def get_help_text(self) -> str:
        return _("It must not be a password known from breaches or easy to guess.")


def _is_context_variant(candidate: str, known: set[str]) -> bool:
    """`qorgau2026!` is `qorgau` with digits and symbols added: refuse it as well."""
    core = candidate.rstrip("0123456789!@#$%^&*.?_- ")
    return len(core) >= 4 and core in known and core != candidate
