"""Journey: a live group debrief chat between two members and a moderator.

Messages arrive live; a member who drops off the network keeps typing, comes back, and
everyone ends with the same ordered messages and no duplicates; a moderator's removal
reaches everyone.
"""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from communities.models import Membership
from communities.rooms.models import ChatMessage
from communities.rooms.services import default_room_ensure
from communities.tests.factories import CommunityFactory, MembershipFactory
from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in_page(new_context, zenora_server, user, *, base_url: str | None = None):
    """A browser context already holding a session for ``user`` (sign-in itself is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    base_url = base_url or zenora_server.url
    context = new_context(base_url=base_url)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])
    return context, context.new_page()


def seqs_shown(page) -> list[int]:
    return [
        int(s)
        for s in page.locator("[data-chat-log] [data-seq]").evaluate_all("els => els.map(e => e.dataset.seq)")
    ]


def send(page, text: str) -> None:
    box = page.get_by_role("textbox", name="Message")
    box.fill(text)
    box.press("Enter")


def wait_until_live(page) -> None:
    expect(page.locator("[data-chat-room]")).to_have_attribute("data-chat-state", "online")


def test_three_people_debrief_live_through_a_dropped_connection(new_context, zenora_server):
    community = CommunityFactory(name="Riverside peer support")
    moderator = MembershipFactory(
        community=community, role=Membership.Role.OWNER, user__display_name="Priya"
    ).user
    alice = MembershipFactory(community=community, user__display_name="Alex").user
    bob = MembershipFactory(community=community, user__display_name="Sam").user
    room = default_room_ensure(community=community)
    room_path = f"/groups/{community.slug}/rooms/{room.slug}/"

    pages = {}
    for name, user in (("priya", moderator), ("alex", alice), ("sam", bob)):
        context, page = signed_in_page(new_context, zenora_server, user)
        page.goto(room_path)
        expect(page.get_by_role("heading", level=1)).to_have_text("Debrief room")
        wait_until_live(page)
        assert_accessible(page)
        pages[name] = (context, page)
    priya, alex, sam = (pages[n][1] for n in ("priya", "alex", "sam"))
    expect(priya.locator("[data-chat-presence]")).to_contain_text("Sam")

    send(alex, "That session this afternoon stayed with me.")
    for page in (priya, alex, sam):
        expect(page.locator("[data-chat-log]")).to_contain_text("stayed with me")
    send(priya, "Thank you for saying so. Take your time.")
    expect(sam.locator("[data-chat-log]")).to_contain_text("Take your time")

    # Sam drops off the network, keeps typing, and comes back.
    sam_context = pages["sam"][0]
    sam_context.set_offline(True)
    expect(sam.locator("[data-chat-status]")).to_contain_text("Reconnecting", timeout=15_000)
    send(sam, "Written on the train with no signal.")
    expect(sam.locator("[data-pending]")).to_have_count(1)
    send(alex, "Sent while Sam was away.")
    expect(priya.locator("[data-chat-log]")).to_contain_text("Sent while Sam was away")
    sam_context.set_offline(False)
    wait_until_live(sam)
    expect(sam.locator("[data-pending]")).to_have_count(0, timeout=15_000)
    for page in (priya, alex, sam):
        expect(page.locator("[data-chat-log]")).to_contain_text("no signal")
        expect(page.locator("[data-chat-log]")).to_contain_text("Sent while Sam was away")

    # The moderator removes a message; it goes for everyone.
    first = ChatMessage.objects.get(room=room, body__startswith="That session")
    priya.locator(f'[data-chat-remove="{first.seq}"]').click()
    for page in (priya, alex, sam):
        expect(page.locator(f'[data-seq="{first.seq}"]')).to_contain_text("This message was removed.")
        expect(page.locator("[data-chat-log]")).not_to_contain_text("stayed with me")
    assert alex.locator("[data-chat-remove]").first.is_hidden()

    stored = list(ChatMessage.objects.filter(room=room).values_list("seq", flat=True))
    assert len(stored) == 4
    for page in (priya, alex, sam):
        assert seqs_shown(page) == stored
    assert_accessible(sam)
