"""Error reports reach the service, without a word of what the person wrote.

A stand-in Sentry endpoint on 127.0.0.1 receives the envelopes sentry-sdk really posts."""

import gzip
import json
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from zenora.errors import scrub_event, sentry_init

JOURNAL_BODY = "Tonight I keep seeing the child from the Hendricks case"


class _Collector(BaseHTTPRequestHandler):
    envelopes: list[bytes] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        encoding = (self.headers.get("Content-Encoding") or "").lower()
        if encoding == "gzip":
            raw = gzip.decompress(raw)
        elif encoding == "deflate":
            raw = zlib.decompress(raw)
        elif encoding == "br":
            import brotli

            raw = brotli.decompress(raw)
        type(self).envelopes.append(raw)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args) -> None:
        pass


def _items(envelope: bytes) -> list[tuple[dict, bytes]]:
    """Sentry's envelope format: a header line, then item header + payload pairs."""
    lines = envelope.split(b"\n")
    items, index = [], 1
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        header = json.loads(lines[index])
        length = header.get("length")
        rest = b"\n".join(lines[index + 1 :])
        if length is not None:
            payload = rest[:length]
            consumed = payload.count(b"\n") + 1
        else:
            payload = lines[index + 1]
            consumed = 1
        items.append((header, payload))
        index += 1 + consumed
    return items


@pytest.fixture
def sentry_endpoint():
    _Collector.envelopes = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Collector)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://publickey@127.0.0.1:{server.server_address[1]}/1", _Collector.envelopes
    server.shutdown()
    server.server_close()


@pytest.fixture
def sentry(sentry_endpoint):
    import sentry_sdk

    dsn, envelopes = sentry_endpoint
    sentry_init(dsn=dsn, environment="test")
    assert sentry_sdk.get_client().options["data_collection"]["user_info"] is False
    yield envelopes
    sentry_sdk.get_client().close(timeout=2)
    sentry_sdk.init()  # no DSN: reporting is off again for the rest of the run


@pytest.mark.django_db
@pytest.mark.urls("zenora.tests.urls_sentry")
def test_error_report_arrives_without_the_journal_body(sentry, client):
    import sentry_sdk

    client.raise_request_exception = False
    response = client.post(
        "/failing-save/?draft=" + JOURNAL_BODY.replace(" ", "+"),
        {"body": JOURNAL_BODY},
        HTTP_X_REQUEST_ID="req-sentry-0001",
        HTTP_COOKIE="sessionid=secret-session",
    )
    assert response.status_code == 500
    sentry_sdk.flush(timeout=5)
    deadline = time.monotonic() + 10
    while not sentry and time.monotonic() < deadline:
        time.sleep(0.1)
    assert sentry, "no envelope reached the stand-in endpoint"

    events = [
        json.loads(payload)
        for envelope in sentry
        for header, payload in _items(envelope)
        if header.get("type") == "event"
    ]
    assert events, "an envelope arrived but held no event"
    event = events[0]
    assert event["exception"]["values"][-1]["type"] == "JournalSaveFailed"
    assert event["tags"]["request_id"] == "req-sentry-0001"
    frames = event["exception"]["values"][-1]["stacktrace"]["frames"]
    assert any(frame.get("function") == "failing_save" for frame in frames)
    assert all("vars" not in frame for frame in frames)
    for envelope in sentry:
        assert JOURNAL_BODY.encode() not in envelope
        assert b"Hendricks" not in envelope
        assert b"secret-session" not in envelope


def test_scrub_event_drops_bodies_locals_cookies_and_breadcrumb_data():
    event = {
        "request": {
            "url": "https://z.example/journal/?q=private",
            "data": {"body": JOURNAL_BODY},
            "cookies": {"sessionid": "x"},
            "query_string": "q=private",
            "headers": {"Cookie": "sessionid=x", "User-Agent": "ua", "Authorization": "Basic x"},
        },
        "exception": {
            "values": [{"stacktrace": {"frames": [{"function": "f", "vars": {"body": JOURNAL_BODY}}]}}]
        },
        "threads": {"values": [{"stacktrace": {"frames": [{"vars": {"text": JOURNAL_BODY}}]}}]},
        "extra": {"body": JOURNAL_BODY},
        "user": {"email": "a@b"},
        "breadcrumbs": {"values": [{"message": "m", "data": {"body": JOURNAL_BODY}}]},
    }
    scrubbed = scrub_event(event, {})
    assert JOURNAL_BODY not in json.dumps(scrubbed)
    assert scrubbed["request"]["url"] == "https://z.example/journal/"
    assert scrubbed["request"]["headers"] == {"User-Agent": "ua"}
    assert "user" not in scrubbed
