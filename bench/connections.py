"""PostgreSQL connections one daphne holds: psycopg's pool against persistent connections.

BENCH_REQUESTS (default 400) signed-in page loads at BENCH_CONCURRENCY (default 20) against one
daphne with production's settings (a pool of BENCH_POOL_SIZE, default 4, and CONN_MAX_AGE=0).
BENCH_COMPARE_PERSISTENT=1 then runs the old way too (no pool, CONN_MAX_AGE=60) — it may use
up the PostgreSQL server's connections for a moment (it did: 97 of 100), so it is opt-in on a
server anyone else uses. A sampler reads
pg_stat_activity for the bench's own database every 20 ms: ``peak`` is the most connections
open at once, ``idle_after`` what is still open a second after the last response — both
counting the daphne's connections alone (its libpq application name), not the bench's own.

    .venv/bin/python bench/connections.py

Works in a throwaway database and under Redis keys of its own (bench/harness.py). Prints one
JSON line.
"""

import contextlib
import json
import os
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from bench.chat import configure, prepare, start_servers, stop_servers  # noqa: E402
from bench.harness import database_url, own_stores  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "400"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "20"))
POOL_SIZE = int(os.environ.get("BENCH_POOL_SIZE", "4"))
COMPARE_PERSISTENT = os.environ.get("BENCH_COMPARE_PERSISTENT", "0") == "1"


COUNT = (
    "SELECT count(*) FROM pg_stat_activity"
    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
    " AND (%(name)s::text IS NULL OR application_name = %(name)s)"
)


class ConnectionSampler:
    """Counts the connections to one database, from pg_stat_activity, on a thread of its own.

    With ``application_name``, only the connections of processes started with that
    ``PGAPPNAME`` count (the servers under test, not the bench's own connections).
    """

    def __init__(self, url: str, application_name: str | None = None, interval: float = 0.02) -> None:
        self.url = url
        self.application_name = application_name
        self.interval = interval
        self.samples: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with psycopg.connect(self.url, autocommit=True) as connection:
            while not self._stop.is_set():
                (count,) = connection.execute(COUNT, {"name": self.application_name}).fetchone()
                self.samples.append(count)
                time.sleep(self.interval)

    def now(self) -> int:
        with psycopg.connect(self.url, autocommit=True) as connection:
            (count,) = connection.execute(COUNT, {"name": self.application_name}).fetchone()
        return count

    def __enter__(self) -> "ConnectionSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    @property
    def peak(self) -> int:
        return max(self.samples, default=0)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


def _load(port: int, cookie: str, path: str) -> tuple[int, list[float]]:
    def one(_: int) -> tuple[int, float]:
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Cookie": cookie})
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - local
                response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError:
            status = 0
        return status, (time.perf_counter() - started) * 1000

    with ThreadPoolExecutor(CONCURRENCY) as executor:
        results = list(executor.map(one, range(REQUESTS)))
    errors = sum(status != 200 for status, _ in results)
    return errors, [ms for _, ms in results]


def measure(pool_size: int, cookie: str) -> dict:
    env = {
        "DATABASE_POOL_SIZE": str(pool_size),
        "CONN_MAX_AGE": "0" if pool_size else "60",
        "PGAPPNAME": "zenora-bench-daphne",  # libpq names the server's connections
    }
    processes, ports = start_servers("config.asgi:application", 1, env)
    try:
        sampler = ConnectionSampler(database_url(), "zenora-bench-daphne")
        with sampler:
            baseline = sampler.now()
            errors, latencies = _load(ports[0], cookie, "/groups/")
            time.sleep(1)
            idle_after = sampler.now()
    finally:
        stop_servers(processes)
    return {
        "peak": sampler.peak,
        "idle_after": idle_after,
        "before_load": baseline,
        "errors": errors,
        "p50_ms": round(_percentile(latencies, 0.5), 1),
        "p99_ms": round(_percentile(latencies, 0.99), 1),
        "mean_ms": round(statistics.fmean(latencies), 1),
    }


def main() -> None:
    configure("connections")
    with own_stores():
        member = prepare(1)[0]
        pooled = measure(POOL_SIZE, member.cookie)
        result = {
            "benchmark": "connections",
            "requests": REQUESTS,
            "concurrency": CONCURRENCY,
            "page": "/groups/ (signed in)",
            "pool_size": POOL_SIZE,
            "pool_peak_connections": pooled["peak"],
            "pool_idle_after": pooled["idle_after"],
            "pool_errors": pooled["errors"],
            "pool_p50_ms": pooled["p50_ms"],
            "pool_p99_ms": pooled["p99_ms"],
        }
        if COMPARE_PERSISTENT:
            persistent = measure(0, member.cookie)
            result.update(
                {
                    "persistent_peak_connections": persistent["peak"],
                    "persistent_idle_after": persistent["idle_after"],
                    "persistent_errors": persistent["errors"],
                    "persistent_p50_ms": persistent["p50_ms"],
                    "persistent_p99_ms": persistent["p99_ms"],
                }
            )
        print(json.dumps(result))


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        main()
