"""`qorgau demo`: the demo cast, reset in place, never in production."""

import io

import pytest
from django.core.management import CommandError, call_command

from qorgau.accounts.demo import CAST, DEMO_PASSWORD
from qorgau.accounts.models import User
from qorgau.core.models import AuditEvent
from qorgau.core.services import audit_record

pytestmark = pytest.mark.django_db


def _demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_the_demo_creates_one_person_per_role_and_prints_their_sign_ins() -> None:
    output = _demo()
    cast = [f"{login}@qorgau.test" for login, *_rest in CAST]  # apps may add more people
    assert User.objects.filter(email__in=cast).count() == len(CAST)
    dana = User.objects.get(email="dana@qorgau.test")
    assert dana.check_password(DEMO_PASSWORD)
    assert "admin" in dana.roles
    assert "alice@qorgau.test" in output and DEMO_PASSWORD in output
    assert {u.preferred_language for u in User.objects.all()} == {"kk", "ru", "en"}


def test_the_demo_resets_people_in_place_without_touching_the_audit_trail() -> None:
    _demo()
    alice = User.objects.get(email="alice@qorgau.test")
    alice.set_password("something else entirely")
    alice.is_active = False
    alice.save()
    audit_record(actor=alice, action=AuditEvent.Action.LOGIN, obj=alice)
    _demo()
    alice.refresh_from_db()
    assert alice.is_active and alice.check_password(DEMO_PASSWORD)
    assert AuditEvent.objects.filter(actor=alice).count() == 1


def test_if_empty_leaves_an_existing_database_alone() -> None:
    User.objects.create_user(email="someone@qorgau.test", password="x" * 12)
    output = _demo("--if-empty")
    assert User.objects.count() == 1
    assert "already loaded" in output


def test_the_demo_is_refused_in_production(settings) -> None:
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        _demo()
    assert not User.objects.exists()


def test_the_qorgau_command_wraps_django_management() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "qorgau.cli", "help"],
        capture_output=True,
        text=True,
        check=True,
        env={"QORGAU_ENV": "test", "PATH": ""},
    )
    for command in ("demo", "translations", "db_worker", "migrate"):
        assert command in result.stdout
