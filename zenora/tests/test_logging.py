"""JSON logs with a request id: a real daphne, a real worker and beat, their real output."""

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from reminders.tests.celery_harness import BROKER_URL, celery_worker, publishing_to, wait_for
from reminders.tests.celery_harness import _database_url as database_url
from zenora.logging import RequestIdFilter, bind_request_id, safe_request_id, unbind_request_id

ROOT = Path(__file__).resolve().parents[2]


def json_lines(path: Path) -> list[dict]:
    """Every line the process wrote, parsed: a line that is not JSON fails the test."""
    lines = [line for line in path.read_text().splitlines() if line.strip()]
    records = []
    for line in lines:
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            pytest.fail(f"not a JSON log line: {line!r}")
    return records


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server_env(django_db_setup) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": database_url(),
        "DEBUG": "0",
        "LOG_LEVEL": "INFO",
    }


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}


def test_safe_request_id_accepts_tokens_and_refuses_anything_else():
    assert safe_request_id("0f2b9c1e4d5a6b7c8d9e0f1a2b3c4d5e") == "0f2b9c1e4d5a6b7c8d9e0f1a2b3c4d5e"
    assert safe_request_id("3b2f9a1e-6c1d-4f4e-9d2a-1b2c3d4e5f60") is not None
    for unsafe in ("", "short", "has space in it", 'quote"injection', "new\nline-forged-record", "x" * 129):
        assert safe_request_id(unsafe) is None


def test_request_id_filter_tags_records_only_while_bound():
    import logging

    record = logging.LogRecord("x", logging.INFO, __file__, 1, "m", None, None)
    RequestIdFilter().filter(record)
    assert not hasattr(record, "request_id")
    token = bind_request_id("abcdef123456")
    try:
        RequestIdFilter().filter(record)
    finally:
        unbind_request_id(token)
    assert record.request_id == "abcdef123456"


def test_daphne_logs_json_and_every_record_of_a_request_carries_its_id(server_env, tmp_path):
    port = _free_port()
    log_path = tmp_path / "daphne.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"],
            cwd=ROOT,
            env=server_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(lambda: _reachable(base), timeout=60, message=log_path.read_text()[-2000:])
        incoming = "proxy-0123456789abcdef"
        status, headers = _get(f"{base}/no-such-page/", {"X-Request-ID": incoming})
        assert status == 404
        assert headers["x-request-id"] == incoming
        status, headers = _get(f"{base}/another-missing-page/", {"X-Request-ID": "bad id <script>forged"})
        generated = headers["x-request-id"]
        assert status == 404
        assert safe_request_id(generated) == generated
        assert "forged" not in generated
        # Access lines are written once a response is done: wait for the second one to appear.
        wait_for(lambda: _access_logged(log_path, "/another-missing-page/"), timeout=30)
    finally:
        process.terminate()
        process.wait(timeout=15)

    records = json_lines(log_path)
    not_found = [r for r in records if r.get("logger") == "django.request" and "no-such-page" in r["message"]]
    assert not_found
    assert not_found[0]["request_id"] == incoming
    assert not_found[0]["level"] == "WARNING"
    other = [r for r in records if r.get("logger") == "django.request" and "another-missing" in r["message"]]
    assert other[0]["request_id"] == generated
    access = [r for r in records if r.get("logger") == "daphne.access" and r.get("path") == "/no-such-page/"]
    assert access, [r for r in records if r.get("logger") == "daphne.access"]
    assert access[0]["status"] == 404
    assert access[0]["method"] == "GET"
    assert "duration_ms" in access[0]


def _access_logged(log_path: Path, path: str) -> bool:
    for line in log_path.read_text().splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue  # json_lines() reports it once the server has stopped
        if record.get("logger") == "daphne.access" and record.get("path") == path:
            return True
    return False


def _reachable(base: str) -> bool:
    try:
        _get(f"{base}/healthz")
    except OSError:
        return False
    return True


@pytest.mark.django_db(transaction=True)
@pytest.mark.urls("zenora.tests.urls_logging")
def test_a_task_enqueued_in_a_request_carries_its_id_into_the_worker_logs(client, tmp_path, django_db_setup):
    from reminders.tests.celery_harness import WORKER_KEY_PREFIX

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": database_url(),
        "REDIS_URL": BROKER_URL,
        "REDIS_KEY_PREFIX": WORKER_KEY_PREFIX,
        "LOG_LEVEL": "WARNING",
    }
    log_path = tmp_path / "worker.log"
    with publishing_to(BROKER_URL), celery_worker(env, log_path):
        response = client.get("/test-enqueue/", HTTP_X_REQUEST_ID="req-from-the-proxy-42")
        assert response.status_code == 200
        assert response["X-Request-ID"] == "req-from-the-proxy-42"

        def task_done():
            return [
                r
                for r in json_lines(log_path)
                if r.get("logger") == "celery.app.trace" and "zenora.clear_sessions" in r["message"]
            ]

        done = wait_for(task_done, timeout=30, message=log_path.read_text()[-3000:])
    assert "succeeded" in done[0]["message"]
    assert done[0]["request_id"] == "req-from-the-proxy-42"
    records = json_lines(log_path)
    assert any("starting" in r["message"] and r["logger"] == "celery.worker" for r in records)


def test_beat_logs_json_only(tmp_path, django_db_setup):
    prefix = os.environ.get("REDIS_KEY_PREFIX", "test") + "-beat"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": database_url(),
        "REDIS_KEY_PREFIX": prefix,
        "LOG_LEVEL": "INFO",
    }
    log_path = tmp_path / "beat.log"
    command = [sys.executable, "-m", "celery", "-A", "config", "beat", "--loglevel=INFO",
               "--schedule", str(tmp_path / "schedule")]  # fmt: skip
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(
            lambda: b"beat: Starting" in log_path.read_bytes(),
            timeout=30,
            message=log_path.read_text()[-3000:],
        )
    finally:
        process.terminate()
        process.wait(timeout=15)
        _delete_keys(prefix)
    records = json_lines(log_path)
    assert any(r["message"] == "beat starting" for r in records)
    assert any(r["logger"] == "celery.beat" and "Starting" in r["message"] for r in records)


def _delete_keys(prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(BROKER_URL)
    for key in client.scan_iter(match=f"{prefix}:*", count=500):
        client.unlink(key)


@pytest.mark.django_db
@pytest.mark.urls("zenora.tests.urls_sentry")
def test_the_error_page_shows_the_request_id_to_quote(client):
    client.raise_request_exception = False
    response = client.post("/failing-save/", {"body": "x"}, HTTP_X_REQUEST_ID="req-quote-this-0042")
    assert response.status_code == 500
    assert response["X-Request-ID"] == "req-quote-this-0042"
    assert b"req-quote-this-0042" in response.content
