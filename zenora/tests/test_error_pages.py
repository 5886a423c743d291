"""The styled error page must go out even when the thing that broke is the database."""

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from zenora.tests.test_modes import _deployment_env, _free_port

ROOT = Path(__file__).resolve().parents[2]


def _closed_port() -> int:
    """A port nothing listens on: connecting to it is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch_with_session_cookie(url: str, timeout: float = 30) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Cookie": "sessionid=abcdefghijklmnopqrstuvwxyz012345"})
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_server_error_page_renders_styled_with_the_database_unreachable(tmp_path):
    port = _free_port()
    env = _deployment_env(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{_closed_port()}/zenora",
        ZENORA_VAR_DIR=str(tmp_path),
        ALLOWED_HOSTS="127.0.0.1",
        DEBUG="0",
        STATIC_MANIFEST="0",
        LOG_LEVEL="CRITICAL",
    )
    log = (tmp_path / "daphne.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        # The session cookie makes the page load the session from the (unreachable) database.
        status, body = _fetch_with_session_cookie(f"http://127.0.0.1:{port}/")
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
    assert status == 500
    assert '<html lang="en">' in body
    assert "Something went wrong on our side" in body
    assert "css/zenora" in body  # the styled page, not Django's bare fallback
