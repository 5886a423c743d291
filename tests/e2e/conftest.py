"""Browser journeys: Debian's Chromium, driven by Playwright, against a live daphne.

The daphne subprocess uses the test database that pytest-django created, the real Redis,
and writes email to a folder the tests read. Browser tests use ``transactional_db`` so
that what a test creates is committed and visible to the server.

Every page a test visits must be checked with ``assert_accessible(page)``; a page that
was loaded and never checked fails the test at teardown.
"""

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
AXE_SOURCE = (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text()
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session", autouse=True)
def _orm_beside_playwright():
    """Playwright's sync API keeps an event loop in the test thread; Django's ORM calls from the
    test itself (factories, assertions, the database flush) are still plain synchronous code.

    Set for the test process only, never for the servers it starts. Session-wide, because the
    browser and the test database are session-wide too and must find it set; so it stays set for
    tests that run after the browser tests, and a subprocess standing for a deployment strips it.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    db = settings.DATABASES["default"]
    user = db.get("USER") or "postgres"
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{db['NAME']}"


class LiveServer:
    def __init__(self, url: str, outbox: Path, process: subprocess.Popen):
        self.url = url
        self.outbox = outbox
        self.process = process

    def emails(self) -> list[EmailMessage]:
        """Every email the server has sent, oldest first (the file backend, one file per connection)."""
        messages = []
        for path in sorted(self.outbox.glob("*.log"), key=lambda p: p.stat().st_mtime):
            # The file backend separates messages with a line of 79 dashes.
            for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if chunk.strip():
                    messages.append(message_from_bytes(chunk.strip() + b"\n", policy=policy.default))
        return messages

    def wait_for_email(self, to: str, *, subject_contains: str = "", timeout: float = 15) -> EmailMessage:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in reversed(self.emails()):
                if to in str(message["To"]) and subject_contains in str(message["Subject"]):
                    return message
            time.sleep(0.2)
        raise AssertionError(f"No email to {to} with {subject_contains!r} within {timeout}s")

    @staticmethod
    def links_in(message: EmailMessage) -> list[str]:
        body = message.get_body(preferencelist=("plain", "html")).get_content()
        return re.findall(r"https?://[^\s\"<>]+", body)


@pytest.fixture(scope="session")
def live_server_env(django_db_setup, django_db_blocker, tmp_path_factory) -> dict[str, str]:
    outbox = tmp_path_factory.mktemp("outbox")
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "EMAIL_URL": f"filemail:///{outbox}",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DEBUG": "0",
        "PORT": str(port),
        "ZENORA_OUTBOX": str(outbox),
    }
    return env


@contextlib.contextmanager
def running_daphne(env: dict[str, str], log_path: Path):
    """A daphne subprocess on ``env["PORT"]``, stopped on exit. Its output goes to a file,
    never an unread pipe that could fill up and stall it."""
    port = env["PORT"]
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", port, "config.asgi:application"],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_for_port(process, int(port), log_path)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _wait_for_port(process: subprocess.Popen, port: int, log_path: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"daphne exited: {log_path.read_text()[-2000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"daphne did not start listening within {timeout}s")


@pytest.fixture(scope="session")
def zenora_server(live_server_env) -> LiveServer:
    outbox = Path(live_server_env["ZENORA_OUTBOX"])
    with running_daphne(live_server_env, outbox.parent / "daphne.log") as process:
        yield LiveServer(live_server_env["SITE_URL"], outbox, process)


@pytest.fixture(scope="session")
def browser() -> Browser:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class AccessibilityLedger:
    """Remembers which URLs each page loaded and which were checked with axe."""

    def __init__(self):
        self.loaded: set[str] = set()
        self.checked: set[str] = set()

    def watch(self, page: Page) -> None:
        page.on("load", lambda p: self.loaded.add(_page_key(p.url)))

    def unchecked(self) -> set[str]:
        return self.loaded - self.checked


def _page_key(url: str) -> str:
    return url.split("#", 1)[0]


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so fixtures can tell a failed test at teardown."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def new_context(request, browser, zenora_server):
    """Make a fresh browser context (a separate person); pages are watched for axe checks."""
    ledger = AccessibilityLedger()
    contexts: list[BrowserContext] = []

    def make(**kwargs) -> BrowserContext:
        kwargs.setdefault("base_url", zenora_server.url)
        context = browser.new_context(**kwargs)
        context.set_default_timeout(10_000)
        context.on("page", ledger.watch)
        context.zenora_ledger = ledger
        contexts.append(context)
        return context

    yield make

    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    if failed:
        ARTIFACTS.mkdir(exist_ok=True)
        server_log = zenora_server.outbox.parent / "daphne.log"
        if server_log.exists():
            shutil.copy(server_log, ARTIFACTS / "daphne.log")
        for c_index, context in enumerate(contexts):
            for p_index, page in enumerate(context.pages):
                name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
                # A screenshot is a courtesy: the failure itself is already reported.
                with contextlib.suppress(Exception):
                    page.screenshot(path=ARTIFACTS / f"{name}-{c_index}-{p_index}.png", full_page=True)
    for context in contexts:
        context.close()
    if not failed:
        unchecked = ledger.unchecked()
        assert not unchecked, f"Pages visited without an accessibility check: {sorted(unchecked)}"


@pytest.fixture
def page(new_context) -> Page:
    return new_context().new_page()


def assert_accessible(page: Page) -> None:
    """Run axe-core on the page as it is now; fail on any serious or critical violation.

    ``evaluate`` runs outside the page's CSP, so the strict policy stays on while we test.
    """
    page.wait_for_load_state("load")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [v for v in result["violations"] if v.get("impact") in ("serious", "critical")]
    summary = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in serious
    ]
    assert not serious, f"Accessibility violations on {page.url}:\n" + "\n".join(summary)
    ledger: AccessibilityLedger | None = getattr(page.context, "zenora_ledger", None)
    if ledger is not None:
        ledger.checked.add(_page_key(page.url))
