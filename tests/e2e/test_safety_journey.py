"""Journey: talking about heavy things safely — a content warning, anonymity to peers, a
report, a moderator hiding a post with a note, the confidentiality guard and crisis care."""

import re

import pytest
from playwright.sync_api import expect

from communities.models import Membership
from communities.tests.factories import MembershipFactory
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_debrief_chat_journey import signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_safety_journey_warning_anonymity_report_hide_guard_and_crisis(new_context, zenora_server):
    owner = MembershipFactory(role=Membership.Role.OWNER, user__display_name="Mara Moderator")
    community = owner.community
    writer = MembershipFactory(community=community, user__display_name="Wes Writer").user
    peer = MembershipFactory(community=community, user__display_name="Pat Peer").user
    base = f"/groups/{community.slug}/"

    # The writer starts a thread with a content warning, anonymously to peers.
    _, page = signed_in_page(new_context, zenora_server, writer)
    page.goto(base)
    assert_accessible(page)
    page.get_by_role("link", name="Start a thread").click()
    assert_accessible(page)
    page.get_by_label("Title").fill("A loss at work")
    page.get_by_label("Message").fill("We lost a client on Tuesday and I keep replaying our last session.")
    page.get_by_label("Death").check()
    page.get_by_label("Post anonymously to peers").check()
    page.get_by_role("button", name="Post thread").click()
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("A loss at work")
    thread_url = page.url

    # A reply with a phone number: the guard shows what it found and keeps the text to edit.
    reply = page.get_by_label("Your reply")
    reply.fill("If anyone wants to talk, ring me on 07700 900123.")
    page.get_by_role("button", name="Post reply").click()
    assert_accessible(page)
    findings = page.locator(".guard-findings")
    expect(findings).to_contain_text("07700 900123")
    expect(page.get_by_label("Your reply")).to_have_value("If anyone wants to talk, ring me on 07700 900123.")
    page.get_by_label("Your reply").fill("If anyone wants to talk, message me here.")
    page.get_by_role("button", name="Post reply").click()
    assert_accessible(page)
    expect(page.locator(".post-list")).to_contain_text("If anyone wants to talk, message me here.")
    expect(page.locator(".post-list")).not_to_contain_text("07700")

    # A crisis phrase: the writer sees crisis resources at once.
    page.get_by_label("Your reply").fill("Honestly some nights I can't go on.")
    page.get_by_role("button", name="Post reply").click()
    assert_accessible(page)
    expect(page.locator(".crisis-resources")).to_be_visible()
    expect(page.locator(".crisis-resources")).to_contain_text("Emergency services")

    # A peer sees the thread collapsed and anonymous, opens it, and reports it.
    _, peer_page = signed_in_page(new_context, zenora_server, peer)
    peer_page.goto(base)
    assert_accessible(peer_page)
    expect(peer_page.locator(".thread-list")).to_contain_text("Content warning: Death")
    expect(peer_page.locator(".thread-list")).not_to_contain_text("Wes Writer")
    peer_page.get_by_role("link", name="A loss at work").click()
    assert_accessible(peer_page)
    opening = peer_page.locator("#post-1")
    expect(opening).to_contain_text(f"A member of {community.name}")
    expect(peer_page.locator("main")).not_to_contain_text("Wes Writer")
    body = opening.locator(".post-body")
    expect(body).to_be_hidden()
    opening.get_by_text("Content warning: Death").click()
    expect(body).to_be_visible()
    opening.get_by_role("link", name=re.compile(r"^Report")).click()
    assert_accessible(peer_page)
    peer_page.get_by_label("I'm worried about the writer").check()
    peer_page.get_by_label("Anything the moderators should know (optional)").fill(
        "Just want someone to check in."
    )
    peer_page.get_by_role("button", name="Send the report").click()
    assert_accessible(peer_page)
    expect(peer_page.locator("main")).to_contain_text("The group's moderators will look at it")

    # The moderator sees the report with the real author, and hides the post with a note.
    _, mod_page = signed_in_page(new_context, zenora_server, owner.user)
    mod_page.goto(base + "moderation/")
    assert_accessible(mod_page)
    item = mod_page.locator(".queue-item", has_text="Reported: I'm worried about the writer")
    expect(item).to_contain_text("Wes Writer")
    expect(item).to_contain_text("anonymous to peers")
    expect(item).not_to_contain_text("Pat Peer")
    expect(mod_page.locator(".queue-item", has_text="Crisis language")).to_have_count(1)
    item.get_by_label("Private note to the author (needed to hide)").fill(
        "Thank you for sharing. Please add a line about how you are doing so people can respond."
    )
    item.get_by_role("button", name="Hide with the note").click()
    assert_accessible(mod_page)
    expect(mod_page.locator("main")).to_contain_text("Hid a post")

    # The peer no longer sees the thread it opened; the author sees why, and can edit it for re-review.
    peer_page.goto(base)
    assert_accessible(peer_page)
    expect(peer_page.locator("main")).not_to_contain_text("A loss at work")
    page.goto(thread_url)
    assert_accessible(page)
    note = page.locator("#post-1 .moderation-note")
    expect(note).to_contain_text("Please add a line about how you are doing")
    note.get_by_role("link", name="Edit your post for re-review").click()
    assert_accessible(page)
    page.get_by_label("Your post").fill("We lost a client on Tuesday. I'm sad, and I'm getting support.")
    page.get_by_role("button", name="Save changes").click()
    assert_accessible(page)
    expect(page.locator("main")).to_contain_text("back with the moderators for review")
