"""Journey: a facilitator schedules and runs a structured debrief with two members, live.

Everyone sees the phases move, a member passes (the facilitator sees only "passed"), a
grounding break shows for all and pauses the composer, and the session ends with the
anonymous check-out.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from communities.models import Membership
from communities.rooms.services import default_room_ensure
from communities.tests.factories import CommunityFactory, MembershipFactory
from debriefs.models import CheckoutTally, DebriefSession
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_debrief_chat_journey import send, signed_in_page, wait_until_live

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def panel(page):
    return page.locator("[data-debrief-panel]")


def test_facilitator_runs_a_voluntary_debrief_that_everyone_follows_live(new_context, zenora_server):
    community = CommunityFactory(name="Riverside peer support")
    owner = MembershipFactory(
        community=community, role=Membership.Role.OWNER, user__display_name="Priya"
    ).user
    alex_user = MembershipFactory(community=community, user__display_name="Alex").user
    sam_user = MembershipFactory(
        community=community, user__display_name="Sam", user__time_zone="Asia/Tokyo"
    ).user
    room = default_room_ensure(community=community)
    room_path = f"/groups/{community.slug}/rooms/{room.slug}/"

    # The facilitator schedules a session for tomorrow evening.
    _, priya = signed_in_page(new_context, zenora_server, owner)
    priya.goto(f"/debriefs/groups/{community.slug}/formats/")
    expect(priya.get_by_role("heading", name="Structured peer debrief")).to_be_visible()
    assert_accessible(priya)
    priya.goto(f"/debriefs/groups/{community.slug}/")
    assert_accessible(priya)
    priya.get_by_role("link", name="Schedule a debrief").click()
    expect(priya.get_by_role("heading", level=1)).to_have_text("Schedule a debrief")
    assert_accessible(priya)
    tomorrow = timezone.localtime(timezone.now() + timedelta(days=1))
    priya.get_by_label("Title").fill("Debrief after the ward incident")
    priya.get_by_label("Starts at").fill(f"{tomorrow:%Y-%m-%d}T18:00")
    priya.get_by_label("Format").select_option("builtin:peer-debrief")
    priya.get_by_label("Who it is for (optional)").fill("Anyone on the ward team")
    priya.get_by_role("button", name="Schedule").click()
    expect(priya.get_by_role("heading", level=1)).to_have_text("Debrief after the ward incident")
    assert_accessible(priya)
    session = DebriefSession.objects.get()

    # Two members open the room before it starts.
    _, alex = signed_in_page(new_context, zenora_server, alex_user)
    _, sam = signed_in_page(new_context, zenora_server, sam_user)
    sam.emulate_media(reduced_motion="reduce")
    for page in (alex, sam):
        page.goto(room_path)
        wait_until_live(page)
        expect(panel(page)).to_contain_text("Next debrief here: Debrief after the ward incident")
        assert_accessible(page)

    # Starting it shows the ground rules and the first phase to everyone, live.
    priya.get_by_role("button", name="Start the debrief now").click()
    expect(
        priya.get_by_role("heading", name="Debrief in progress: Debrief after the ward incident")
    ).to_be_visible()
    wait_until_live(priya)
    assert_accessible(priya)
    for page in (alex, sam):
        expect(
            page.get_by_role("heading", name="Debrief in progress: Debrief after the ward incident")
        ).to_be_visible()
        expect(panel(page)).to_contain_text("You may pass.")
        expect(panel(page).locator("[data-debrief-phase-name]")).to_have_text("Arrival and ground rules")
        page.get_by_role("button", name="I've read the ground rules — join").click()
        expect(page.get_by_role("button", name="Pass this round")).to_be_visible()
    expect(priya.locator("[data-debrief-attendance]")).to_have_text("3 joined")

    # The facilitator moves on; everyone sees the new phase, its question and its timer.
    priya.get_by_role("button", name="Next phase").click()
    for page in (priya, alex, sam):
        expect(panel(page).locator("[data-debrief-phase-name]")).to_have_text("What happened")
        expect(panel(page).locator("[data-debrief-index]")).to_have_text("2")
        expect(panel(page).locator("[data-debrief-question]")).to_contain_text("without graphic detail")
        expect(panel(page).locator("[data-debrief-timer]")).to_contain_text("left of about 10 min")
    send(sam, "Thank you for holding this. I'll just listen for now.")
    expect(alex.locator("[data-chat-log]")).to_contain_text("I'll just listen for now")

    # Alex passes: the facilitator sees "passed", nobody else sees anything.
    alex.get_by_role("button", name="Pass this round").click()
    expect(alex.locator("[data-debrief-passed]")).to_be_visible()
    expect(priya.locator("[data-debrief-passes]")).to_have_text("Alex")
    expect(sam.locator("[data-debrief-passes]")).to_have_count(0)
    expect(sam.get_by_role("button", name="Pass this round")).to_be_visible()

    # A grounding break for everyone: the pacer shows and the composer pauses.
    priya.get_by_role("button", name="Grounding break (1 minute)").click()
    for page in (priya, alex, sam):
        expect(page.get_by_role("region", name="Grounding break")).to_be_visible()
        expect(page.get_by_role("textbox", name="Message")).to_be_disabled()
        expect(page.locator("[data-debrief-break-left]")).to_contain_text("left")
    pacer = sam.locator(".debrief-pacer-circle")
    assert pacer.evaluate("el => getComputedStyle(el).animationName") == "none"  # reduced motion
    assert (
        alex.locator(".debrief-pacer-circle").evaluate("el => getComputedStyle(el).animationName") != "none"
    )
    assert_accessible(sam)
    priya.get_by_role("button", name="End the break").click()
    for page in (alex, sam):
        expect(page.get_by_role("region", name="Grounding break")).to_be_hidden()
        expect(page.get_by_role("textbox", name="Message")).to_be_enabled()

    # Going back is possible too; then the facilitator ends the session.
    priya.get_by_role("button", name="Back a phase").click()
    expect(panel(sam).locator("[data-debrief-phase-name]")).to_have_text("Arrival and ground rules")
    priya.once("dialog", lambda dialog: dialog.accept())
    priya.get_by_role("button", name="End the debrief").click()
    for page in (priya, alex, sam):
        expect(
            page.get_by_role("heading", name="The debrief “Debrief after the ward incident” has ended")
        ).to_be_visible()
        expect(page.get_by_role("textbox", name="Message")).to_be_enabled()

    # Each member may answer the anonymous check-out, once.
    for page, score in ((alex, "4"), (sam, "2")):
        page.locator(f'input[name="score"][value="{score}"]').check()
        page.get_by_role("button", name="Send anonymously").click()
        expect(panel(page)).to_contain_text("Thank you for your check-out")
    assert sorted(CheckoutTally.objects.values_list("score", "count")) == [(2, 1), (4, 1)]

    # The facilitator's summary: what happened, never what was said; answers private below five.
    priya.get_by_role("link", name="See the session summary").click()
    expect(priya.get_by_role("heading", name="Session summary")).to_be_visible()
    summary = priya.locator(".debrief-summary")
    expect(summary).to_contain_text("3 people joined")
    expect(summary).to_contain_text("2 of 6")
    expect(summary).to_contain_text("Fewer than 5 people answered")
    expect(summary).not_to_contain_text("just listen")
    assert_accessible(priya)
    session.refresh_from_db()
    assert (session.state, session.attendance_count) == ("ended", 3)

    # Three days on, the follow-up invites a private check-in or a journal entry.
    alex.goto(f"/debriefs/{session.pk}/follow-up/")
    expect(alex.get_by_role("link", name="Write in your journal")).to_be_visible()
    assert_accessible(alex)
