"""Fault: Redis restarts in the middle of a debrief. Afterwards every participant has every
message exactly once, in order — the stored sequence and replay make up for what the
channel layer lost while it was down.

The test runs its own Redis and daphne, so restarting Redis disturbs nothing else.
"""

import shutil
import subprocess
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from communities.models import Membership
from communities.rooms.models import ChatMessage
from communities.rooms.services import default_room_ensure
from communities.tests.factories import CommunityFactory, MembershipFactory
from tests.e2e.conftest import assert_accessible, free_port, running_daphne
from tests.e2e.test_debrief_chat_journey import send, seqs_shown, signed_in_page, wait_until_live

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


class DisposableRedis:
    def __init__(self, workdir: Path):
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while (
            subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True).stdout.strip()
            != b"PONG"
        ):
            if time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def private_stack(live_server_env, tmp_path):
    redis = DisposableRedis(tmp_path)
    redis.start()
    port = free_port()
    env = {
        **live_server_env,
        "REDIS_URL": redis.url,
        "PORT": str(port),
        "SITE_URL": f"http://127.0.0.1:{port}",
        "CHAT_HEARTBEAT_SECONDS": "2",
    }
    try:
        with running_daphne(env, tmp_path / "daphne.log"):
            yield redis, env["SITE_URL"]
    finally:
        redis.stop()


def test_every_message_arrives_exactly_once_across_a_redis_restart(new_context, zenora_server, private_stack):
    redis, url = private_stack
    community = CommunityFactory()
    MembershipFactory(community=community, role=Membership.Role.OWNER, user__display_name="Priya")
    alex = MembershipFactory(community=community, user__display_name="Alex").user
    sam = MembershipFactory(community=community, user__display_name="Sam").user
    room = default_room_ensure(community=community)

    pages = []
    for user in (alex, sam):
        _, page = signed_in_page(new_context, zenora_server, user, base_url=url)
        page.goto(f"/groups/{community.slug}/rooms/{room.slug}/")
        wait_until_live(page)
        assert_accessible(page)
        pages.append(page)
    alex_page, sam_page = pages

    send(alex_page, "Before the outage.")
    expect(sam_page.locator("[data-chat-log]")).to_contain_text("Before the outage.")

    redis.stop()
    # The heartbeat notices within a few seconds and both pages say they are reconnecting.
    for page in pages:
        expect(page.locator("[data-chat-status]")).to_contain_text("Reconnecting", timeout=15_000)
    send(alex_page, "During the outage.")
    send(sam_page, "Also during the outage.")
    # The room page itself still renders while Redis is away.
    outage_view = sam_page.context.new_page()
    outage_view.goto(f"/groups/{community.slug}/rooms/{room.slug}/")
    expect(outage_view.get_by_role("heading", level=1)).to_have_text("Debrief room")
    assert_accessible(outage_view)
    outage_view.close()

    redis.start()
    for page in pages:
        wait_until_live(page)
        expect(page.locator("[data-pending]")).to_have_count(0, timeout=20_000)
    send(sam_page, "After the outage.")
    for page in pages:
        expect(page.locator("[data-chat-log]")).to_contain_text("After the outage.")

    stored = list(ChatMessage.objects.filter(room=room).values_list("seq", flat=True))
    bodies = list(ChatMessage.objects.filter(room=room).values_list("body", flat=True))
    assert sorted(bodies) == sorted(
        ["Before the outage.", "During the outage.", "Also during the outage.", "After the outage."]
    )
    for page in pages:
        expect(page.locator("[data-chat-log] [data-seq]")).to_have_count(len(stored))
        assert seqs_shown(page) == stored
