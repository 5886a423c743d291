"""Scale-out behind a real proxy: nginx in front of two daphnes and two Celery workers.

Everything is real and on this machine: Debian's nginx (its own config in a temporary folder,
on a free port, in the foreground) includes the very location rules the compose proxy ships
(deploy/nginx/zenora-locations.conf) and balances two daphne processes started with production's
settings (DEBUG off, psycopg's pool, TRUSTED_PROXY naming nginx); two Celery workers share the
Redis broker; PostgreSQL and Redis hold everything.

BENCH_CLIENTS (default 100) chat clients in rooms of 10 send every BENCH_INTERVAL seconds
(default 2) for BENCH_SECONDS (default 20), all through nginx (bench/chat.py's clients), while
BENCH_PAGE_CLIENTS (default 4) load a page every BENCH_PAGE_PAUSE seconds (default 0.5) through nginx and BENCH_TASKS (default 20) tasks go
to the workers. At BENCH_KILL_AT (default 40%) of the run one daphne is killed (SIGKILL). Its
clients reconnect through nginx to the other, ask for what they missed and resend what was not
acknowledged, as the browser does. The servers' logs go to BENCH_LOG_DIR if set. ``lost`` and ``duplicated`` must be 0; ``reconnected`` counts
the clients that came back; ``page_errors`` counts page loads that did not answer 200. A message
still missing BENCH_DRAIN seconds (default 20) after sending stops is lost; until then clients
keep their heartbeat and replay, as the browser does. ``server_errors`` counts ERROR lines in the
servers' logs (at the end of a run, daphne may log sends to sockets the clients just closed).

    .venv/bin/python bench/scaleout.py

Works in a throwaway database and under Redis keys of its own (bench/harness.py). Prints one
JSON line.
"""

import asyncio
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import chat  # noqa: E402
from bench.chat import (  # noqa: E402
    _free_port,
    _percentile,
    configure,
    prepare,
    reset,
    run_client,
    start_servers,
    stop_servers,
    tally,
    wait_for_port,
)
from bench.connections import ConnectionSampler  # noqa: E402
from bench.harness import database_url, own_stores  # noqa: E402

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "100"))
INTERVAL = float(os.environ.get("BENCH_INTERVAL", "2"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "20"))
DRAIN_SECONDS = float(os.environ.get("BENCH_DRAIN", "20"))
KILL_AT = float(os.environ.get("BENCH_KILL_AT", "0.4"))
PAGE_CLIENTS = int(os.environ.get("BENCH_PAGE_CLIENTS", "4"))
# Each page client waits this long between loads: people reading, not a flood.
PAGE_PAUSE = float(os.environ.get("BENCH_PAGE_PAUSE", "0.5"))
TASKS = int(os.environ.get("BENCH_TASKS", "20"))
POOL_SIZE = os.environ.get("BENCH_POOL_SIZE", "4")
LOCATIONS = ROOT / "deploy" / "nginx" / "zenora-locations.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def nginx_config(folder: Path, port: int, upstream_ports: list[int]) -> Path:
    """A whole nginx config in ``folder``: the shipped locations behind a local listener."""
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in upstream_ports)
    config = folder / "nginx.conf"
    config.write_text(
        f"""daemon off;
master_process on;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    upstream zenora_web {{
{servers}
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        include {LOCATIONS};
    }}
}}
"""
    )
    return config


def _is_error(line: str) -> bool:
    return '"level": "ERROR"' in line or '"level": "CRITICAL"' in line or line.startswith("Traceback")


def start_nginx(folder: Path, port: int, upstream_ports: list[int]) -> subprocess.Popen:
    folder.chmod(0o777)  # workers drop to an unprivileged user when started as root
    config = nginx_config(folder, port, upstream_ports)
    test = subprocess.run(
        [NGINX, "-t", "-q", "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(config)],
        capture_output=True,
        text=True,
    )
    if test.returncode:
        raise RuntimeError(f"nginx -t failed: {test.stderr}")
    process = subprocess.Popen(
        [NGINX, "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_port(port, "nginx")
    return process


def production_env(public_port: int) -> dict[str, str]:
    return {
        "DEBUG": "0",
        "SITE_URL": f"http://127.0.0.1:{public_port}",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "TRUSTED_PROXY": "127.0.0.1",
        "DATABASE_POOL_SIZE": POOL_SIZE,
        "CONN_MAX_AGE": "0",
        "LOG_LEVEL": "WARNING",
    }


def start_workers(count: int, extra_env: dict[str, str], log_dir: Path) -> list[subprocess.Popen]:
    env = {**os.environ, "DATABASE_URL": database_url(), **extra_env, "DATABASE_POOL_SIZE": "2"}
    return [
        subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel=WARNING",
                "--concurrency=1", "--without-gossip", "--without-mingle", "-n", f"scaleout{index}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=(log_dir / f"worker-{index}.log").open("wb"),
            stderr=subprocess.STDOUT,
        )
        for index in range(count)
    ]  # fmt: skip


def worker_totals(app) -> dict[str, int]:
    stats = app.control.inspect(timeout=2).stats() or {}
    return {name.split("@")[0]: sum(info.get("total", {}).values()) for name, info in sorted(stats.items())}


class PageLoads:
    """Signed-in and anonymous page loads through nginx, on threads, until told to stop."""

    PATHS = ("/", "/groups/", "/learn/", "/healthz")

    def __init__(self, port: int, cookie: str, clients: int) -> None:
        self.port, self.cookie, self.clients = port, cookie, clients
        self.latencies: list[float] = []
        self.errors: dict[str, int] = {}
        self.count = 0
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(clients)]
        self._lock = threading.Lock()

    def _run(self, index: int) -> None:
        turn = index
        while not self._stop.is_set():
            path = self.PATHS[turn % len(self.PATHS)]
            turn += 1
            request = urllib.request.Request(
                f"http://127.0.0.1:{self.port}{path}", headers={"Cookie": self.cookie}
            )
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - local
                    response.read()
                    outcome = str(response.status)
            except urllib.error.HTTPError as error:
                outcome = str(error.code)
            except OSError as error:
                outcome = type(error).__name__
            with self._lock:
                self.count += 1
                if outcome == "200":
                    self.latencies.append((time.perf_counter() - started) * 1000)
                else:
                    self.errors[f"{path} {outcome}"] = self.errors.get(f"{path} {outcome}", 0) + 1
            time.sleep(PAGE_PAUSE)

    def __enter__(self) -> "PageLoads":
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=35)


async def _chat_load(members, port: int, start_at: float, stop_at: float, done_at: float) -> None:
    await asyncio.gather(
        *(run_client(m, port, start_at, stop_at, done_at, interval=INTERVAL, reconnect=True) for m in members)
    )


def run(members, workdir: Path) -> dict:
    from config.celery import app as current_app  # the bench's broker settings

    reset(members)
    public_port = _free_port()
    env = production_env(public_port)
    logs = Path(os.environ.get("BENCH_LOG_DIR") or workdir / "logs")
    logs.mkdir(parents=True, exist_ok=True)
    daphnes, daphne_ports = start_servers(
        "config.asgi:application", 2, {**env, "PGAPPNAME": "zenora-web"}, log_dir=logs
    )
    workers = start_workers(2, {**env, "PGAPPNAME": "zenora-worker"}, logs)
    nginx = start_nginx(workdir, public_port, daphne_ports)
    killed_at = None
    web_connections = ConnectionSampler(database_url(), "zenora-web")
    worker_connections = ConnectionSampler(database_url(), "zenora-worker")
    try:
        setup = 3 + len(members) / 100
        start_at = time.monotonic() + setup
        stop_at = start_at + SECONDS
        done_at = stop_at + DRAIN_SECONDS
        kill_time = start_at + KILL_AT * SECONDS

        def kill_one() -> None:
            nonlocal killed_at
            time.sleep(max(0.0, kill_time - time.monotonic()))
            daphnes[0].kill()
            killed_at = round(time.monotonic() - start_at, 1)

        def enqueue() -> None:
            # In bursts, half before the kill and half after, so both workers take their share.
            for burst in (TASKS // 2, TASKS - TASKS // 2):
                for _ in range(burst):
                    current_app.send_task("communities.purge_expired_chat")
                time.sleep(SECONDS / 2)

        killer = threading.Thread(target=kill_one, daemon=True)
        producer = threading.Thread(target=enqueue, daemon=True)
        with (
            web_connections,
            worker_connections,
            PageLoads(public_port, members[0].cookie, PAGE_CLIENTS) as pages,
        ):
            killer.start()
            producer.start()
            asyncio.run(_chat_load(members, public_port, start_at, stop_at, done_at))
            killer.join()
            producer.join()
        deadline = time.monotonic() + 30
        totals = worker_totals(current_app)
        while sum(totals.values()) < TASKS and time.monotonic() < deadline:
            time.sleep(0.5)
            totals = worker_totals(current_app)
        survivor_alive = daphnes[1].poll() is None
    finally:
        nginx.terminate()
        stop_servers([*daphnes, *workers])
        with contextlib.suppress(subprocess.TimeoutExpired):
            nginx.wait(timeout=10)
    figures = tally(members)
    # Errors the servers logged (the killed daphne's own last words excepted: it got SIGKILL).
    errors = {
        path.stem: sum(1 for line in path.read_text(errors="replace").splitlines() if _is_error(line))
        for path in sorted(logs.glob("*.log"))
    }
    return {
        **figures,
        "reconnected": sum(1 for m in members if m.reconnects),
        "killed_daphne_at_s": killed_at,
        "survivor_alive": survivor_alive,
        "page_loads": pages.count,
        "page_errors": sum(pages.errors.values()),
        "page_error_kinds": pages.errors,
        "page_p50_ms": round(_percentile(pages.latencies, 0.5), 1),
        "page_p99_ms": round(_percentile(pages.latencies, 0.99), 1),
        "server_errors": {name: count for name, count in errors.items() if count},
        "tasks_sent": TASKS,
        "tasks_done_by_worker": totals,
        "peak_db_connections_web": web_connections.peak,
        "peak_db_connections_workers": worker_connections.peak,
    }


def main() -> None:
    configure("scaleout")
    chat.INTERVAL = INTERVAL
    with own_stores(), tempfile.TemporaryDirectory(prefix="zenora-nginx-") as folder:
        members = prepare(CLIENTS)
        outcome = run(members, Path(folder))
        print(
            json.dumps(
                {
                    "benchmark": "scaleout",
                    "proxy": "nginx " + nginx_version(),
                    "daphnes": 2,
                    "workers": 2,
                    "clients": CLIENTS,
                    "room_size": chat.ROOM_SIZE,
                    "interval_s": INTERVAL,
                    "seconds": SECONDS,
                    "pool_size_per_daphne": int(POOL_SIZE),
                    **outcome,
                }
            )
        )


def nginx_version() -> str:
    result = subprocess.run([NGINX, "-v"], capture_output=True, text=True)
    return (result.stderr or result.stdout).strip().rsplit("/", 1)[-1]


if __name__ == "__main__":
    main()
