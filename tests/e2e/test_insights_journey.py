"""A clinician whose last week drifted: the early warning on Today, a self-check, its chart, a suggestion."""

import datetime
import json
import re

import pytest
from playwright.sync_api import Page, expect

from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from insights.instruments import SHIPPED_DIR
from insights.services import instrument_load
from insights.tests.factories import write_entry
from tests.e2e.conftest import assert_accessible
from wellbeing.dates import local_today
from wellbeing.tests.factories import CheckInFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _declining_month(user) -> None:
    """Five ordinary weeks, then eight days of low mood and two entries naming intrusive thoughts."""
    today = local_today(user)
    for offset in range(42):
        recent = offset < 8
        CheckInFactory(
            user=user,
            day=today - datetime.timedelta(days=offset),
            mood=2 if recent else (4 if offset % 4 else 5),
            energy=4,
            sleep=3,
            exposure=1,
        )
    write_entry(user, "I can't stop thinking about what he described in session.", days_ago=1)
    write_entry(user, "Kept seeing the images on the drive home.", days_ago=3)


def _shipped_self_check() -> None:
    """A migration loads it; browser tests flush the database between tests, which removes it."""
    instrument_load(definition=json.loads((SHIPPED_DIR / "vt-self-check.json").read_text(encoding="utf-8")))


def test_insights_journey_watch_self_check_chart_and_suggestion(page: Page):
    _shipped_self_check()
    user = UserFactory(email="robin@clinic.example", display_name="Robin Clinician")
    _declining_month(user)

    page.goto("/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Email").fill(user.email)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/today/$"))
    assert_accessible(page)

    card = page.locator("#card-insights")
    expect(card.locator(".insights-badge")).to_have_text("Watch")
    expect(card.locator(".insights-summary")).to_contain_text(
        "below your usual range on 8 of the last 8 days"
    )
    expect(card.locator(".insights-summary")).to_contain_text("mention intrusive thoughts")
    card.get_by_text("The data behind it").click()
    expect(card.locator(".insights-reasons li")).to_have_count(4)
    expect(card.get_by_role("region", name="Your last eight days")).to_be_visible()

    card.get_by_role("link", name="Start the self-check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Self-checks")
    assert_accessible(page)
    page.get_by_role("link", name="Start the vicarious trauma self-check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vicarious trauma self-check")
    assert_accessible(page)

    # Submitting with one statement unanswered keeps every answer given so far.
    groups = page.locator("fieldset.selfcheck-item")
    count = groups.count()
    for index in range(count - 1):
        groups.nth(index).get_by_label("Often", exact=True).check()
    page.get_by_role("button", name="See my results").click()
    expect(page.get_by_role("alert")).to_contain_text("Please answer every statement")
    assert_accessible(page)
    expect(groups.nth(0).get_by_label("Often", exact=True)).to_be_checked()
    groups.nth(count - 1).get_by_label("Rarely", exact=True).check()
    page.get_by_role("button", name="See my results").click()

    expect(page).to_have_url(re.compile(r"/insights/self-check/vt-self-check/history/$"))
    expect(page.get_by_role("heading", level=2, name=re.compile("Your latest result"))).to_be_visible()
    expect(page.get_by_text("Signs of strain: 28")).to_be_visible()
    expect(page.locator("svg[role=img]").first).to_be_visible()
    suggestion = page.locator(".insights-suggestion").first
    expect(suggestion).to_contain_text("Why:")
    assert_accessible(page)

    page.get_by_role("link", name="Your insights").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your insights")
    # The self-check now counts among the reasons, in its own words.
    expect(page.locator("#level-heading + .insights-level .insights-badge")).to_have_text("Watch")
    page.get_by_text("The data behind it").click()
    expect(page.locator(".insights-reasons")).to_contain_text(
        "Your self-check today was in the band “Many signs of strain”"
    )
    expect(page.locator("#trend-heading ~ p").first).to_contain_text("a forecast, not a verdict")
    assert_accessible(page)
