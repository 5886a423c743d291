"""Journey 1: joining a clinic peer-support group, end to end in a real browser."""

import re

import pytest

from communities.tests.factories import UserFactory
from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEWCOMER_PASSWORD = "tidal-meadow-compass-71"


def test_community_journey_invite_signup_verify_accept_guidelines_post_reply_notify_search(
    new_context, zenora_server
):
    owner = UserFactory(display_name="Priya Lead", email="priya@clinic.example")

    # The owner starts a group and makes an invite link.
    owner_context = new_context()
    owner_page = owner_context.new_page()
    owner_page.goto("/accounts/login/")
    assert_accessible(owner_page)
    owner_page.get_by_label("Email").fill(owner.email)
    owner_page.locator("#id_password").fill("calm-harbour-lantern-42")
    owner_page.get_by_role("button", name="Sign in").click()
    owner_page.wait_for_url("**/today/")
    assert_accessible(owner_page)
    owner_page.get_by_role("link", name="Groups").click()
    assert_accessible(owner_page)
    owner_page.get_by_role("link", name="Start a group").click()
    assert_accessible(owner_page)
    owner_page.get_by_label("Name").fill("Harbour Clinic peer support")
    owner_page.get_by_label("Guidelines").fill("1. **Confidentiality first.**\n2. Listen before advising.")
    owner_page.get_by_label("How people join").select_option("invite")
    owner_page.get_by_role("button", name="Create group").click()
    assert_accessible(owner_page)
    owner_page.get_by_role("button", name="Create invite link").click()
    assert_accessible(owner_page)
    invite_url = owner_page.locator("input.invite-url").first.input_value()
    assert "/groups/join/" in invite_url

    # A colleague with no account follows the link and signs up.
    page = new_context().new_page()
    page.goto(invite_url)
    assert_accessible(page)
    assert "Harbour Clinic peer support" in page.get_by_role("heading", level=1).inner_text()
    page.get_by_role("link", name="Create an account and join").click()
    assert_accessible(page)
    page.get_by_label("Email").fill("robin@clinic.example")
    page.get_by_label("Display name").fill("Robin Newcomer")
    page.get_by_label("Professional role").select_option("nurse")
    page.locator("#id_password1").fill(NEWCOMER_PASSWORD)
    page.locator("#id_password2").fill(NEWCOMER_PASSWORD)
    page.get_by_role("button", name="Create your account").click()
    assert_accessible(page)

    message = zenora_server.wait_for_email("robin@clinic.example", subject_contains="Confirm")
    confirm_link = next(link for link in zenora_server.links_in(message) if "/confirm-email/" in link)
    page.goto(confirm_link)
    assert_accessible(page)
    page.get_by_role("button", name="Confirm my email address").click()

    # Verified and signed in, the newcomer lands in the group and is asked to accept the guidelines.
    page.wait_for_url(re.compile(r"/groups/harbour-clinic-peer-support/$"))
    assert_accessible(page)
    page.get_by_role("link", name="Read the guidelines").click()
    assert_accessible(page)
    assert "Confidentiality first." in page.inner_text("main")
    page.get_by_role("button", name="I accept these guidelines").click()
    assert_accessible(page)
    page.get_by_role("link", name="Start a thread").click()
    assert_accessible(page)
    page.get_by_label("Title").fill("First week on the crisis team")
    page.get_by_label("Message").fill("Hello everyone. The night shifts are heavier than I expected.")
    page.get_by_role("button", name="Post thread").click()
    assert_accessible(page)
    assert page.get_by_role("heading", level=1).inner_text() == "First week on the crisis team"

    # The owner sees the new thread, replies and reacts.
    owner_page.goto("/groups/harbour-clinic-peer-support/")
    assert_accessible(owner_page)
    owner_page.get_by_role("link", name="First week on the crisis team").click()
    assert_accessible(owner_page)
    owner_page.get_by_role("button", name=re.compile(r"^Sending support")).first.click()
    owner_page.locator(".reaction-mine").first.wait_for()
    assert "Sending support: Priya Lead" in owner_page.inner_text("main")
    reply_box = owner_page.get_by_label("Your reply")
    reply_box.fill("Welcome, ")
    reply_box.press_sequentially("@Rob")
    owner_page.get_by_role("option", name="Robin Newcomer").wait_for()
    reply_box.press("Enter")  # picks the highlighted member
    reply_box.press_sequentially("Night shifts get easier with a debrief.")
    assert reply_box.input_value() == "Welcome, @**Robin Newcomer** Night shifts get easier with a debrief."
    owner_page.get_by_role("button", name="Post reply").click()
    assert_accessible(owner_page)
    assert "Welcome, @Robin Newcomer Night shifts get easier" in owner_page.inner_text("main")

    # The newcomer is notified in the app, opens the reply, and finds the thread by search.
    page.goto("/groups/")
    assert_accessible(page)
    # The nav's accessible name carries the unread count.
    page.get_by_role("link", name="Notifications 1 unread", exact=True).click()
    assert_accessible(page)
    page.get_by_role(
        "button", name="Priya Lead mentioned you in “First week on the crisis team”", exact=True
    ).click()
    assert_accessible(page)
    assert "Night shifts get easier" in page.inner_text("main")
    page.get_by_role("link", name="Groups").click()
    assert_accessible(page)
    page.get_by_label("Search your groups").fill("night shifts")
    page.get_by_role("button", name="Search").click()
    assert_accessible(page)
    results = page.locator(".search-results")
    assert "First week on the crisis team" in results.inner_text()
    assert results.locator("mark").count() >= 1


def sign_in_context(new_context, zenora_server, user):
    """A browser context already signed in as ``user`` (the live server shares our sessions)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    context = new_context()
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
          "url": zenora_server.url}]
    )  # fmt: skip
    return context


def test_community_moderator_pages_are_accessible_and_work_by_keyboard(new_context, zenora_server):
    from communities import services
    from communities.models import Membership
    from communities.tests.factories import MembershipFactory

    owner = MembershipFactory(role=Membership.Role.OWNER, user__display_name="Owner Person")
    community = owner.community
    member = MembershipFactory(community=community, user__display_name="Member Person")
    MembershipFactory(
        community=community, state=Membership.State.REQUESTED, user__display_name="Asking Person"
    )
    thread = services.thread_create(
        author=owner.user, community=community, title="Pinned notes", body="Read me"
    )
    services.post_edit(editor=owner.user, post=thread.posts.get(), body="Read me, please")
    services.reaction_toggle(user=member.user, post=thread.posts.get(), kind="thanks")

    page = sign_in_context(new_context, zenora_server, owner.user).new_page()
    base = f"/groups/{community.slug}/"
    for path in ("members/", "people/", "settings/", "guidelines/", "leave/", f"posts/{thread.posts.get().pk}/history/",
                 f"posts/{thread.posts.get().pk}/edit/"):  # fmt: skip
        page.goto(base + path)
        assert_accessible(page)
    page.goto("/notifications/settings/")
    assert_accessible(page)
    page.goto("/groups/search/?q=nothing-matches-this")
    assert_accessible(page)

    # Approve the request from the people page using only the keyboard.
    page.goto(base + "people/")
    approve = page.get_by_role("button", name="Approve Asking Person")
    approve.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)
    assert "Done: approve request for Asking Person" in page.inner_text("main")

    # A reaction by keyboard updates in place through htmx.
    page.goto(f"{base}threads/{thread.pk}/")
    assert_accessible(page)
    button = page.get_by_role("button", name="Sending support for the post by Owner Person")
    button.focus()
    page.keyboard.press("Enter")
    page.locator(f"#reactions-{thread.posts.get().pk} .reaction-mine").wait_for()
    assert "Sending support: Owner Person" in page.inner_text("main")
