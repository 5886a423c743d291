"""A new visitor creates an account, confirms it, settles in and turns on two-factor sign-in."""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.tests.totp import fresh_totp_code
from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "kiri@clinic.example"
PASSWORD = "harbour-light-evening-31"
SCREENSHOTS = "/tmp/zenora-accounts"


def sign_in_with_password(page: Page) -> None:
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert_accessible(page)
    page.screenshot(path=f"{SCREENSHOTS}-login.png", full_page=True)
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_account_journey_sign_up_confirm_settle_in_and_use_two_factor(new_context, zenora_server):
    context = new_context(timezone_id="Pacific/Auckland")
    page = context.new_page()

    # Sign up: the time zone starts at the browser's own zone.
    page.goto("/accounts/signup/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Create your account")
    expect(page.get_by_label("Time zone")).to_have_value("Pacific/Auckland")
    assert_accessible(page)
    page.screenshot(path=f"{SCREENSHOTS}-signup.png", full_page=True)
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Display name").fill("Kiri T.")
    page.get_by_label("Professional role").select_option("counsellor")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Create your account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible(page)

    # Confirm the address from the email.
    message = zenora_server.wait_for_email(EMAIL, subject_contains="Confirm")
    link = next(url for url in zenora_server.links_in(message) if "/accounts/confirm-email/" in url)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your email address")
    assert_accessible(page)
    page.get_by_role("button", name="Confirm my email address").click()
    expect(page).to_have_url(re.compile(r"/today/$"))
    assert_accessible(page)

    # Sign out and back in with the password.
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/$"))
    assert_accessible(page)
    sign_in_with_password(page)
    expect(page).to_have_url(re.compile(r"/today/$"))
    assert_accessible(page)

    # Change the time zone in settings.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Settings").click()
    expect(page.get_by_label("Time zone")).to_have_value("Pacific/Auckland")
    assert_accessible(page)
    page.get_by_label("Time zone").select_option("Europe/Dublin")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("status")).to_contain_text("Your settings are saved.")
    expect(page.get_by_label("Time zone")).to_have_value("Europe/Dublin")
    assert_accessible(page)

    # Turn on two-factor sign-in: confirm the password, then the app's code.
    page.get_by_role("navigation", name="Settings").get_by_role("link", name="Two-factor sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor sign-in")
    assert_accessible(page)
    page.get_by_role("link", name="Set up an authenticator app").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it's you")
    assert_accessible(page)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")
    assert_accessible(page)
    page.screenshot(path=f"{SCREENSHOTS}-mfa-activate.png", full_page=True)
    secret = page.locator("#totp-secret").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret)
    page.get_by_label("Authenticator code").fill(fresh_totp_code(secret))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recovery codes")
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    assert_accessible(page)

    # The sessions page lists this browser.
    page.get_by_role("navigation", name="Settings").get_by_role("link", name="Where you're signed in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Where you're signed in")
    sessions = page.locator("tbody tr")
    expect(sessions).to_have_count(1)  # the earlier session ended when we signed out
    expect(sessions.first.locator(".badge")).to_have_text("This device")
    assert_accessible(page)

    # Sign out, then back in: password first, then a code from the app.
    page.get_by_role("button", name="Sign out").first.click()
    expect(page).to_have_url(re.compile(r"/$"))
    assert_accessible(page)
    sign_in_with_password(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    assert_accessible(page)
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Incorrect code.")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=f"{SCREENSHOTS}-mfa-authenticate.png", full_page=True)
    page.get_by_label("Code").fill(fresh_totp_code(secret))
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/today/$"))
    assert_accessible(page)
