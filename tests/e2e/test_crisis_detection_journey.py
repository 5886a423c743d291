"""Journey: crisis language written the way people write it — text-speak in a live room, a method
in a journal entry — brings up the calm resources panel for the writer, never quoting their
words back; the room's moderator sees which category and words raised the flag."""

import pytest
from playwright.sync_api import expect

from communities.models import Membership
from communities.rooms.services import default_room_ensure
from communities.tests.factories import CommunityFactory, MembershipFactory
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_debrief_chat_journey import send, signed_in_page, wait_until_live

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHAT_WORDS = "ngl been thinking abt kms a lot lately"
JOURNAL_WORDS = "the tablets from the last prescription are still in my drawer and i keep thinking about them as an option"


def test_crisis_language_in_chat_and_journal_brings_up_the_resources_panel(new_context, zenora_server):
    community = CommunityFactory(name="Northside peer support")
    moderator = MembershipFactory(
        community=community, role=Membership.Role.OWNER, user__display_name="Mo Moderator"
    ).user
    writer = MembershipFactory(community=community, user__display_name="Wren Writer").user
    room = default_room_ensure(community=community)

    # A chat message in text-speak: the writer's page shows the resources at once.
    _, page = signed_in_page(new_context, zenora_server, writer)
    page.goto(f"/groups/{community.slug}/rooms/{room.slug}/")
    wait_until_live(page)
    assert_accessible(page)
    care = page.locator("[data-chat-care]")
    expect(care).to_be_hidden()
    send(page, CHAT_WORDS)
    expect(care).to_be_visible(timeout=10_000)
    expect(care).to_contain_text("Emergency services")
    expect(care).not_to_contain_text("kms")
    assert_accessible(page)

    # A journal entry about a method: autosave hears it and the private panel opens.
    page.goto("/journal/new/")
    assert_accessible(page)
    panel = page.locator("[data-journal-crisis]")
    expect(panel).to_be_hidden()
    page.get_by_label("Entry").fill(JOURNAL_WORDS)
    expect(panel).to_be_visible(timeout=10_000)
    expect(panel).not_to_contain_text("tablets")
    page.get_by_role("button", name="Save entry").click()
    expect(page.locator(".journal-body")).to_contain_text("thinking about them")
    expect(page.locator("[data-journal-crisis]")).to_be_visible()
    expect(page.locator("[data-journal-crisis]")).not_to_contain_text("drawer")
    assert_accessible(page)

    # The moderator sees why the chat message was flagged; the journal never reaches them.
    _, mod_page = signed_in_page(new_context, zenora_server, moderator)
    mod_page.goto(f"/groups/{community.slug}/moderation/")
    assert_accessible(mod_page)
    reason = mod_page.locator("[data-flag-reason]")
    expect(reason).to_have_count(1)
    expect(reason).to_contain_text("thoughts of suicide")
    expect(mod_page.locator("main")).not_to_contain_text("tablets")
