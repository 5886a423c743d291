import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[2]


def test_service_check_names_the_missing_service_and_how_to_start_it():
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/zenora",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "tests/check_services.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert time.monotonic() - started < 10
    assert "PostgreSQL is not reachable at 127.0.0.1:1" in result.stderr
    assert "pg_ctlcluster" in result.stderr
    assert "Redis is not reachable" not in result.stderr


def test_service_check_is_silent_when_both_answer():
    result = subprocess.run(
        [sys.executable, "tests/check_services.py"], cwd=ROOT, capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0
    assert result.stderr == ""


@pytest.mark.django_db
def test_seed_demo_refuses_without_debug_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        call_command("seed_demo")


@pytest.mark.django_db
def test_seed_demo_is_idempotent(settings, capsys):
    from accounts.models import User

    settings.DEBUG = True
    call_command("seed_demo")
    users = User.objects.count()
    call_command("seed_demo")
    assert User.objects.count() == users
    assert "clinician@zenora.example" in capsys.readouterr().out


@pytest.mark.django_db
def test_migrations_match_the_models():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)  # exits non-zero on drift
