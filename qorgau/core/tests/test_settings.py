"""QORGAU_ENV=production refuses to start on unsafe settings and turns on transport security."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}
    }
    full_env.update(
        {"QORGAU_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "qorgau.settings"}, **env
    )
    code = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env=full_env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_a_generated_secret_and_missing_hosts(tmp_path: Path) -> None:
    result = _settings(tmp_path, QORGAU_ENV="production")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_refuses_debug(tmp_path: Path) -> None:
    result = _settings(
        tmp_path, QORGAU_ENV="production", SECRET_KEY="x" * 50, ALLOWED_HOSTS="qorgau.kz", DEBUG="1"
    )
    assert result.returncode != 0
    assert "DEBUG is on" in result.stderr


def test_production_with_safe_settings_turns_on_hsts_and_secure_cookies(tmp_path: Path) -> None:
    result = _settings(
        tmp_path, QORGAU_ENV="production", SECRET_KEY="x" * 50, ALLOWED_HOSTS="qorgau.kz"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "31536000", "True", "True"]


def test_a_local_secret_key_is_generated_once_into_the_var_dir(tmp_path: Path) -> None:
    first = _settings(tmp_path, QORGAU_ENV="development")
    assert first.returncode == 0, first.stderr
    key_file = tmp_path / "secret_key"
    key = key_file.read_text()
    assert len(key) > 40
    assert oct(key_file.stat().st_mode)[-3:] == "600"
    _settings(tmp_path, QORGAU_ENV="development")
    assert key_file.read_text() == key


def test_the_redis_task_backend_is_a_configuration_switch(tmp_path: Path) -> None:
    import socket

    import pytest

    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", 6379)) != 0:
            pytest.skip("no Redis on 127.0.0.1:6379")
    code = (
        "import django; django.setup(); "
        "from django.tasks import task_backends; b = task_backends['default']; "
        "from qorgau.accounts.tasks import send_invitation as t; "
        "r = t.enqueue(user_id=1, inviter_id=1, base_url='x'); "
        "import django_rq; q = django_rq.get_queue('default'); "
        "print(type(b).__name__, r.id in q.job_ids); q.remove(r.id)"
    )
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(
        QORGAU_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="qorgau.settings",
        TASKS_BACKEND="rq",
        REDIS_URL="redis://127.0.0.1:6379/15",
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["RQBackend", "True"]
