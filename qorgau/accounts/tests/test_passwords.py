"""Password rules as OWASP ASVS 5.0 asks: length and a breach list, no composition rules."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError


@pytest.mark.parametrize(
    "password",
    [
        "short pass",
        "password1234",
        "qwertyuiop123",
        "qorgau2026!",
        "Kazakhstan2024",
        "йцукенгшщзхъ",
    ],
)
def test_short_common_or_context_passwords_are_refused(password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize(
    "password",
    ["alllowercaseletters", "қар жауып тұр таулардан", "1937 4815 6623", "x" * 256],
)
def test_long_passwords_need_no_digits_symbols_or_capitals(password: str) -> None:
    validate_password(password)


def test_absurdly_long_passwords_are_refused() -> None:
    with pytest.raises(ValidationError):
        validate_password("x" * 257)


def test_argon2_hashes_passwords_outside_tests() -> None:
    import subprocess
    import sys

    code = "from django.conf import settings as s; print(s.PASSWORD_HASHERS[0])"
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={"DJANGO_SETTINGS_MODULE": "qorgau.settings", "QORGAU_ENV": "development", "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip() == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_password_errors_from_django_itself_are_translated(client, charlie, lang: str) -> None:
    from qorgau.conftest import PASSWORD

    client.force_login(charlie)
    html = client.post(
        f"/{lang}/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "short", "new_password2": "different"},
    ).content.decode()
    for english in (
        "The two password fields didn’t match.",
        "This password is too short",
        "Your password must contain at least",
        "Enter the same password as before",
    ):
        assert english not in html
