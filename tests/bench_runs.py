"""Running a benchmark from a test: one JSON line out, nothing of it left behind."""

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import redis
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]


def run_bench(script: str, *args: str, env: dict[str, str] | None = None) -> tuple[dict, int]:
    """Run ``bench/<script>`` and return its one JSON line and its process id."""
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / script), *args],
        cwd=ROOT,
        env={**os.environ, **(env or {}), "LOG_LEVEL": "WARNING"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    output, errors = process.communicate(timeout=300)
    assert process.returncode == 0, errors.decode()[-3000:]
    lines = [line for line in output.decode().splitlines() if line.strip()]
    assert len(lines) == 1, lines
    return json.loads(lines[0]), process.pid


def assert_nothing_left(name: str, pid: int) -> None:
    """No database and no Redis key of that run remains (bench/harness.py names both)."""
    db = settings.DATABASES["default"]
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"] or "postgres",
        dbname="postgres",
    ) as connection:
        names = {row[0] for row in connection.execute("SELECT datname FROM pg_database")}
    assert f"test_zenora_bench_{name}_{os.environ['ZENORA_TEST_NAMESPACE']}" not in names
    client = redis.Redis.from_url(settings.REDIS_URL)
    assert list(client.scan_iter(match=f"bench-{name}-{pid}:*")) == []
