"""Every benchmark runs on a machine with only PostgreSQL and Redis up, prints one JSON line,
and leaves nothing behind: no database, no Redis key. Run here at a tiny size."""

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
import redis
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]

SMALL_RUNS = {
    "forum": ([], {"BENCH_SCALE": "0.02", "BENCH_RUNS": "2"}),
    "journal": ([], {"BENCH_ENTRIES": "20"}),
    "reminders": ([], {"BENCH_USERS": "200"}),
    "insights": (["--db", "--users", "60", "--chunk", "25"], {}),
    "chat": ([], {"BENCH_CLIENTS": "10", "BENCH_SECONDS": "3", "BENCH_DRAIN": "2"}),
}
SCRIPTS = {"insights": "insights_eval.py"}


def _databases() -> set[str]:
    db = settings.DATABASES["default"]
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"] or "postgres",
        dbname="postgres",
    ) as connection:
        return {name for (name,) in connection.execute("SELECT datname FROM pg_database")}


@pytest.mark.parametrize("name", SMALL_RUNS)
def test_bench_prints_one_json_line_and_leaves_nothing_behind(name, tmp_path):
    args, env = SMALL_RUNS[name]
    script = ROOT / "bench" / SCRIPTS.get(name, f"{name}.py")
    process = subprocess.Popen(
        [sys.executable, str(script), *args],
        cwd=ROOT,
        env={**os.environ, **env, "LOG_LEVEL": "WARNING"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    output, errors = process.communicate(timeout=300)
    assert process.returncode == 0, errors.decode()[-3000:]
    lines = [line for line in output.decode().splitlines() if line.strip()]
    assert len(lines) == 1
    assert json.loads(lines[0])

    assert f"test_zenora_bench_{name}_{os.environ['ZENORA_TEST_NAMESPACE']}" not in _databases()
    # The bench names its Redis keys with its own process id (bench/harness.py).
    client = redis.Redis.from_url(settings.REDIS_URL)
    assert list(client.scan_iter(match=f"bench-{name}-{process.pid}:*")) == []
