"""A clinician's daily habit: a keyboard-only check-in from Today, a goal ticked, and their patterns."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.e2e.conftest import assert_accessible
from wellbeing.dates import local_today
from wellbeing.models import CheckIn, GoalCheck
from wellbeing.tests.factories import CheckInFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Email").fill(email)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/today/$"))
    assert_accessible(page)


def _tab_until(page: Page, selector: str, *, limit: int = 120) -> None:
    """Press Tab until the focused element matches ``selector``: the way a keyboard user gets there."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_checkin_journey_keyboard_checkin_goal_tick_and_history(page: Page):
    user = UserFactory(email="kit@clinic.example", display_name="Kit Clinician", time_zone="Pacific/Auckland")
    today = local_today(user)
    CheckInFactory(user=user, day=today - datetime.timedelta(days=1), mood=2, energy=2, sleep=3, exposure=4)
    _sign_in(page, user.email)

    card = page.locator("#card-checkin")
    expect(card.locator(".trend-mood-point")).to_have_count(1)
    expect(card.locator(".streak")).to_contain_text("1 of the last 14 days")
    mood_four = page.get_by_label("Mood 4 of 5: Good")
    expect(mood_four).to_be_attached()

    # Keyboard only: Tab into each scale, one key per answer, Enter to send.
    _tab_until(page, "input[name=mood]")
    page.keyboard.press("4")
    expect(mood_four).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.press("3")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # the first step of sleep: "Very poor"
    expect(page.get_by_label("Sleep quality 1 of 5: Very poor")).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.type("5")
    page.keyboard.press("Enter")

    expect(card).to_contain_text("mood 4 of 5, good")
    expect(card.get_by_role("status")).to_contain_text("Thank you for checking in")
    expect(card.locator(".trend-mood-point")).to_have_count(2)
    expect(card.locator(".trend-exposure")).to_have_count(2)
    expect(card.locator(".streak")).to_contain_text("2 check-ins in your current run")
    expect(card.locator(".streak")).to_contain_text("2 of the last 14 days")
    expect(page.locator("#checkin-heading")).to_be_focused()
    assert_accessible(page)
    checkin = CheckIn.objects.get(user=user, day=today)
    assert (checkin.mood, checkin.energy, checkin.sleep, checkin.exposure) == (4, 3, 1, 5)

    # The table alternative says the same as the chart.
    card.get_by_text("The last 14 days as a table").click()
    expect(card.locator(".trend-table tbody tr").first).to_contain_text("4 (good)")

    # A goal, created from an example and ticked off on Today.
    page.get_by_role("link", name="Set a small self-care goal").click()
    assert_accessible(page)
    page.get_by_role("link", name="A walk after my last session").click()
    assert_accessible(page)
    expect(page.locator("#id_title")).to_have_value("A walk after my last session")
    page.locator("#id_reason").fill("It lets the day drain out.")
    page.get_by_role("button", name="Save goal").click()
    expect(page).to_have_url(re.compile(r"/wellbeing/goals/$"))
    assert_accessible(page)
    expect(page.get_by_role("heading", name="A walk after my last session")).to_be_visible()

    page.get_by_role("link", name="Today", exact=True).click()
    assert_accessible(page)
    tick = page.get_by_role("button", name="A walk after my last session")
    expect(tick).to_have_attribute("aria-pressed", "false")
    _tab_until(page, ".goal-tick")
    page.keyboard.press("Enter")
    expect(tick).to_have_attribute("aria-pressed", "true")
    expect(tick).to_be_focused()
    expect(page.locator(".goal-tick-week")).to_contain_text("1 of 7 this week")
    assert_accessible(page)
    assert GoalCheck.objects.filter(user=user, day=today).count() == 1

    # The history shows today's check-in and the goal, month and year.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My patterns").click()
    assert_accessible(page)
    expect(page.locator(".heat-mood-4")).to_have_count(1)
    expect(page.locator(".what-helps")).to_contain_text("A walk after my last session")
    expect(page.locator(".what-helps")).to_contain_text("not enough days to say yet")
    page.get_by_text(re.compile(r"day by day, as a table")).click()
    expect(page.locator(".history-table")).to_contain_text("4 (good)")
    page.get_by_role("link", name="Year", exact=True).click()
    assert_accessible(page)
    expect(page.get_by_role("table", name=re.compile(r"month by month"))).to_be_visible()
    page.get_by_role("link", name="Goals", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="A walk after my last session").click()
    assert_accessible(page)
    expect(page.get_by_text("This week: 1 of 7.")).to_be_visible()
