import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from insights.llm import llm_config, redact
from insights.tests.factories import write_entry

pytestmark = pytest.mark.django_db


class FakeEndpoint(BaseHTTPRequestHandler):
    """An OpenAI-compatible endpoint on the loopback; ``mode`` decides how it answers."""

    mode = "ok"
    received: list[dict] = []

    def do_POST(self):  # noqa: N802 - the http.server API
        length = int(self.headers["Content-Length"])
        body = json.loads(self.rfile.read(length))
        FakeEndpoint.received.append(
            {"path": self.path, "body": body, "auth": self.headers.get("Authorization")}
        )
        if FakeEndpoint.mode == "slow":
            time.sleep(2)
        if FakeEndpoint.mode == "error":
            self.send_response(500)
            self.end_headers()
            return
        message = {"role": "assistant", "content": "It sounds like a heavy week. What helped, even a little?"}
        if FakeEndpoint.mode == "refuse":
            message = {"role": "assistant", "content": None, "refusal": "I can't help with that."}
        reply = json.dumps({"choices": [{"index": 0, "message": message, "finish_reason": "stop"}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        # The client may have given up waiting already (the timeout test).
        with contextlib.suppress(OSError):
            self.wfile.write(reply)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_llm(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeEndpoint)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeEndpoint.mode, FakeEndpoint.received = "ok", []
    settings.LLM_BASE_URL = f"http://127.0.0.1:{server.server_port}/v1"
    settings.LLM_MODEL = "local-test-model"
    settings.LLM_API_KEY = "test-key"
    settings.LLM_TIMEOUT = "0.5"
    yield FakeEndpoint
    server.shutdown()
    server.server_close()


ENTRY = "Saw Maria Lopez again today, call me on 07700 900123 or maria@example.org. I can't stop thinking about it."


def test_redact_strips_likely_identifiers():
    text, removed = redact(ENTRY)
    assert "Maria" not in text and "07700" not in text and "example.org" not in text
    assert removed == {"email": 1, "phone": 1, "name": 1}
    assert "I can't stop thinking about it." in text


def test_reflection_is_not_offered_without_configuration(signed_in, user, settings):
    settings.LLM_BASE_URL = ""
    entry = write_entry(user, ENTRY)
    assert llm_config() is None
    assert signed_in.get("/insights/reflect/").status_code == 404
    assert signed_in.get(f"/insights/reflect/{entry.pk}/").status_code == 404


def test_reflection_names_the_destination_and_sends_nothing_before_consent(fake_llm, signed_in, user):
    entry = write_entry(user, ENTRY)
    page = signed_in.get(f"/insights/reflect/{entry.pk}/").content.decode()
    assert "127.0.0.1:" in page and "local-test-model" in page
    response = signed_in.post(f"/insights/reflect/{entry.pk}/", {})
    assert response.status_code == 422
    assert fake_llm.received == []


def test_reflection_sends_redacted_text_and_shows_the_reply(fake_llm, signed_in, user):
    entry = write_entry(user, ENTRY)
    response = signed_in.post(f"/insights/reflect/{entry.pk}/", {"confirm": "yes"})
    assert response.status_code == 200
    assert "What helped, even a little?" in response.content.decode()
    sent = fake_llm.received[0]
    assert sent["path"] == "/v1/chat/completions"
    assert sent["auth"] == "Bearer test-key"
    assert sent["body"]["model"] == "local-test-model"
    user_text = sent["body"]["messages"][-1]["content"]
    assert "Maria" not in user_text and "maria@example.org" not in user_text
    assert "[name]" in user_text


@pytest.mark.parametrize(
    ("mode", "message"),
    [("slow", "did not answer within 0.5 seconds"), ("refuse", "declined"), ("error", "error (500)")],
)
def test_reflection_fails_gracefully(fake_llm, signed_in, user, mode, message):
    fake_llm.mode = mode
    entry = write_entry(user, ENTRY)
    response = signed_in.post(f"/insights/reflect/{entry.pk}/", {"confirm": "yes"})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and "Nothing was kept" in html


def test_reflection_of_someone_elses_entry_is_404(fake_llm, client, user):
    from accounts.tests.factories import UserFactory

    entry = write_entry(user, ENTRY)
    client.force_login(UserFactory())
    assert client.post(f"/insights/reflect/{entry.pk}/", {"confirm": "yes"}).status_code == 404
    assert fake_llm.received == []
