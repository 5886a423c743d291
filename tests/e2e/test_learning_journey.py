"""A clinician learns, checks their understanding, reflects, breathes, and sees it on Today."""

import re
import urllib.parse

import pytest
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import Page, expect

from learning.models import Choice, Course, ExerciseCompletion, LessonProgress
from learning.services import content_load
from learning.tests.factories import PASSWORD, UserFactory
from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Email").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/today/$"))
    assert_accessible(page)


def _journal_new_entry_url() -> str | None:
    try:
        return reverse("journals:entry_create")
    except NoReverseMatch:
        return None


def test_learning_journey_course_check_reflection_breathing_and_today(page: Page):
    content_load()
    user = UserFactory(email="robin@clinic.example")
    course = Course.objects.get(slug="understanding-vicarious-trauma")
    first = course.lessons.order_by("position").first()
    correct_answers = list(
        Choice.objects.filter(question__lesson=first, is_correct=True).values_list("text", flat=True)
    )

    _sign_in(page, user.email)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Learn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Learn")
    assert_accessible(page)

    page.get_by_role("link", name=course.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(course.title)
    assert_accessible(page)
    page.get_by_role("button", name="Start the course").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(first.title)
    expect(page.get_by_text(f"About {first.reading_minutes} minute")).to_be_visible()
    assert_accessible(page)

    # The knowledge check by keyboard: each answer is a labelled radio button in a fieldset.
    for text in correct_answers:
        page.get_by_label(text).focus()
        page.keyboard.press("Space")
        expect(page.get_by_label(text)).to_be_checked()
    page.get_by_role("button", name="Check my answers").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text(f"You got {len(correct_answers)} of {len(correct_answers)}.")).to_be_visible()
    assert_accessible(page)
    assert LessonProgress.objects.get(user=user, lesson=first).completed_at is not None

    journal_url = _journal_new_entry_url()
    reflection = page.get_by_role("link", name="Write about this in your private journal")
    if journal_url is None:
        expect(reflection).to_have_count(0)
    else:
        expected = journal_url + "?prompt=" + urllib.parse.quote(first.reflection_question)
        expect(reflection).to_have_attribute("href", expected)
        reflection.click()
        expect(page).to_have_url(re.compile(re.escape(journal_url) + r"\?prompt="))
        expect(page.locator("main")).to_contain_text(first.reflection_question[:40])
        assert_accessible(page)

    page.goto("/learn/exercises/")
    assert_accessible(page)
    page.get_by_role("link", name="Box breathing").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Box breathing")
    assert_accessible(page)

    toggle = page.get_by_role("button", name="Start", exact=True)
    status = page.get_by_role("status").filter(has_text=re.compile("ready|Round|Paused|Breathe"))
    toggle.focus()
    page.keyboard.press("Enter")
    expect(status).to_contain_text("Round 1 of 4. Breathe in")
    expect(page.locator("[data-pacer-circle]")).to_have_class(re.compile("pacer-motion-in"))
    assert_accessible(page)
    pause = page.get_by_role("button", name="Pause")
    expect(pause).to_be_focused()
    page.keyboard.press("Space")
    expect(status).to_contain_text("Paused")
    expect(page.get_by_role("button", name="Resume")).to_be_visible()
    count_when_paused = page.locator("[data-pacer-count]").inner_text()
    page.wait_for_timeout(1500)
    assert page.locator("[data-pacer-count]").inner_text() == count_when_paused

    page.get_by_role("button", name="Log this practice").click()
    expect(page.get_by_text("Logged: Box breathing. Only you can see this.")).to_be_visible()
    assert_accessible(page)
    assert ExerciseCompletion.objects.filter(user=user, exercise__slug="box-breathing").count() == 1

    page.get_by_role("link", name="Today").first.click()
    card = page.locator("#card-learning")
    expect(card.get_by_role("heading", name="Continue learning")).to_be_visible()
    expect(card.get_by_role("progressbar")).to_have_attribute("value", "1")
    expect(card).to_contain_text(f"1 of {course.lessons.count()} lessons done")
    assert_accessible(page)


def test_learning_exercises_with_reduced_motion_count_down_in_text_and_grounding_goes_step_by_step(
    new_context,
):
    content_load()
    user = UserFactory(email="sam@clinic.example")
    page = new_context(reduced_motion="reduce").new_page()
    _sign_in(page, user.email)

    page.goto("/learn/exercises/slower-exhale/")
    assert_accessible(page)
    expect(page.locator(".pacer-visual")).to_be_hidden()
    page.get_by_role("button", name="Start", exact=True).click()
    expect(page.locator("[data-pacer-phase]")).to_have_text("Breathe in")
    expect(page.locator("[data-pacer-count]")).to_have_text(re.compile(r"^[1-4]$"))
    expect(page.locator("[data-pacer-phases] li.is-current")).to_contain_text("Breathe in")
    page.get_by_role("button", name="Start over").click()
    expect(page.get_by_role("button", name="Start", exact=True)).to_be_visible()

    page.goto("/learn/exercises/grounding-5-4-3-2-1/")
    assert_accessible(page)
    status = page.locator("[data-stepper-status]")
    expect(page.get_by_text("Five things you can see")).to_be_visible()
    expect(page.get_by_text("Four things you can feel")).to_be_hidden()
    next_step = page.get_by_role("button", name="Next step")
    next_step.focus()
    page.keyboard.press("Enter")
    expect(status).to_contain_text("Step 2 of 5: Four things you can feel")
    expect(page.get_by_text("Five things you can see")).to_be_hidden()
    assert_accessible(page)

    page.goto("/learn/help-now/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Help now")
    assert_accessible(page)
    page.goto("/learn/library/?theme=sleep")
    expect(page.get_by_role("link", name="Sleep after hard days")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Sleep after hard days").click()
    assert_accessible(page)
    page.goto("/learn/progress/")
    assert_accessible(page)
