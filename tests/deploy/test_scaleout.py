"""The scale-out run, small: nginx, two daphnes, two workers; one daphne killed mid-run.

The same script as `bench/scaleout.py` at a few clients for a few seconds, and the connections
bench at a few dozen requests; each must leave no database and no Redis key behind.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
import redis
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def _run_bench(name: str, env: dict[str, str]) -> tuple[dict, int]:
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / f"{name}.py")],
        cwd=ROOT,
        env={**os.environ, **env, "LOG_LEVEL": "WARNING"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    output, errors = process.communicate(timeout=300)
    assert process.returncode == 0, errors.decode()[-3000:]
    lines = [line for line in output.decode().splitlines() if line.strip()]
    assert len(lines) == 1
    return json.loads(lines[0]), process.pid


def _assert_nothing_left(name: str, pid: int) -> None:
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


@pytest.mark.skipif(not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists(), reason="needs nginx")
def test_clients_reconnect_through_nginx_when_a_daphne_dies_and_nothing_is_lost():
    result, pid = _run_bench(
        "scaleout",
        {
            "BENCH_CLIENTS": "20",
            "BENCH_SECONDS": "8",
            "BENCH_DRAIN": "10",
            "BENCH_PAGE_CLIENTS": "2",
            "BENCH_TASKS": "6",
        },
    )
    assert result["messages"] > 0
    assert result["lost"] == 0
    assert result["duplicated"] == 0
    assert result["reconnected"] >= 1  # the killed daphne's clients came back through nginx
    assert result["survivor_alive"] is True
    assert result["page_loads"] > 0
    assert result["page_errors"] == 0, result["page_error_kinds"]
    assert sum(result["tasks_done_by_worker"].values()) == 6
    assert len(result["tasks_done_by_worker"]) == 2  # both workers answer on the shared broker
    assert result["peak_db_connections_web"] <= 2 * result["pool_size_per_daphne"]
    _assert_nothing_left("scaleout", pid)


def test_one_daphne_holds_no_more_connections_than_its_pool():
    result, pid = _run_bench("connections", {"BENCH_REQUESTS": "80", "BENCH_CONCURRENCY": "10"})
    assert result["pool_errors"] == 0
    assert 1 <= result["pool_peak_connections"] <= result["pool_size"]
    assert result["pool_idle_after"] <= result["pool_size"]
    _assert_nothing_left("connections", pid)
