"""The embedded default, `make run`'s process handling and the production settings."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]
# What a test run sets for itself and a real deployment never has.
NOT_FOR_DEPLOYMENT = {
    "DATABASE_URL",
    "REDIS_URL",
    "EMAIL_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DJANGO_SETTINGS_MODULE",
    "REDIS_KEY_PREFIX",
    "ZENORA_TEST_NAMESPACE",
}


def _deployment_env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in NOT_FOR_DEPLOYMENT}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", **values)
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _embedded_env(var_dir: Path, port: int) -> dict[str, str]:
    return _deployment_env(ZENORA_VAR_DIR=str(var_dir), DEBUG="1", PORT=str(port), PYTHONUNBUFFERED="1")


def _get(url: str, timeout: float = 30) -> tuple[int, bytes]:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def _descendants(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _wait_for_descendants(pid: int, count: int, timeout: float = 60) -> list[psutil.Process]:
    """The worker's pool and beat start a moment after the server answers: wait, don't guess."""
    deadline = time.monotonic() + timeout
    while (found := _descendants(pid)) and len(found) < count and time.monotonic() < deadline:
        time.sleep(0.2)
    return found


def _alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_embedded_default_serves_pages_on_sqlite_and_the_in_memory_layer(tmp_path):
    port = _free_port()
    env = _embedded_env(tmp_path, port)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True, timeout=180)
    server = subprocess.Popen(
        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        status, body = _get(f"http://127.0.0.1:{port}/")
        assert status == 200
        assert b"vicarious trauma" in body
        status, body = _get(f"http://127.0.0.1:{port}/healthz")
        assert status == 200
        assert b'"backend": "InMemoryChannelLayer"' in body
        assert b'"transport": "filesystem"' in body
    finally:
        server.terminate()
        server.wait(timeout=15)
    assert (tmp_path / "zenora.sqlite3").exists()
    assert (tmp_path / "secret_key").exists() and (tmp_path / "journal_key").exists()


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_make_run_stops_every_child_when_make_is_signalled(tmp_path, stop_signal):
    """`make run` seeds, serves, and a signal to the make process alone stops every child."""
    port = _free_port()
    env = _embedded_env(tmp_path, port)
    make = subprocess.Popen(
        ["make", "--no-print-directory", "run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        status, _ = _get(f"http://127.0.0.1:{port}/healthz", timeout=120)
        assert status == 200
        children = _wait_for_descendants(make.pid, 4)
        assert len(children) >= 4  # serve, daphne, worker (and its pool), beat
        make.send_signal(stop_signal)
        output, _ = make.communicate(timeout=40)
    finally:
        if make.poll() is None:
            os.killpg(make.pid, signal.SIGKILL)
    still_running = [process.pid for process in children if _alive(process)]
    assert still_running == []
    text = output.decode()
    assert "Demo logins" in text
    assert f"http://127.0.0.1:{port}/" in text


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = _deployment_env(
        ZENORA_VAR_DIR=str(tmp_path),
        DEBUG="0",
        SECRET_KEY="x" * 30 + "-a-long-and-varied-secret-key-for-the-check-0123456789",
        ALLOWED_HOSTS="zenora.example",
        SITE_URL="https://zenora.example",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stderr + result.stdout
