import datetime

import pytest
from django.urls import reverse

from wellbeing.dates import local_today
from wellbeing.models import CheckIn, GoalCheck
from wellbeing.services import checkin_create, goal_create
from wellbeing.tests.factories import GoalFactory

pytestmark = pytest.mark.django_db

CHECKIN = {
    "mood": "4",
    "energy": "3",
    "sleep": "2",
    "exposure": "2",
    "themes": ["suicide"],
    "note": "heavy intake",
}


def test_today_card_shows_the_one_tap_form_with_every_step_named(signed_in_client):
    response = signed_in_client.get(reverse("today"))
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        '<span class="visually-hidden">Mood </span>2<span class="visually-hidden"> of 5:</span></span> <span class="scale-name">Low</span>'
        in html
    )
    assert "<legend>Sleep quality</legend>" in html
    assert 'style="' not in html


def test_today_checkin_by_htmx_swaps_the_card_with_the_saved_check_in(signed_in_client, user):
    today = local_today(user)
    response = signed_in_client.post(
        reverse("wellbeing:checkin_create"),
        {**CHECKIN, "day": today.isoformat()},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="card-checkin",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thank you for checking in" in html
    assert "mood <strong>4 of 5, good</strong>" in html
    assert "heavy intake" in html
    checkin = CheckIn.objects.get(user=user, day=today)
    assert (checkin.mood, checkin.energy, checkin.sleep, checkin.exposure) == (4, 3, 2, 2)
    assert b"heavy intake" not in bytes(checkin.note)


def test_history_month_and_year_render_with_data(signed_in_client, user):
    today = local_today(user)
    goal = goal_create(user=user, title="Lunch away from my desk")
    for offset in range(40):
        day = today - datetime.timedelta(days=offset)
        checkin_create(
            user=user, day=day, mood=1 + offset % 5, energy=3, sleep=3, exposure=offset % 4, note="n"
        )
        if offset % 2:
            GoalCheck.objects.create(goal=goal, user=user, day=day)
    month = signed_in_client.get(reverse("wellbeing:history"))
    year = signed_in_client.get(reverse("wellbeing:history_year"))
    goals = signed_in_client.get(reverse("wellbeing:goal_list"))
    detail = signed_in_client.get(reverse("wellbeing:goal_detail", args=[goal.pk]))
    for response in (month, year, goals, detail):
        assert response.status_code == 200
        assert "Lunch away from my desk" in response.content.decode()
        assert 'style="' not in response.content.decode()


def test_goal_of_another_person_answers_404_everywhere(signed_in_client):
    other = GoalFactory()
    today = datetime.date.today().isoformat()
    assert signed_in_client.get(reverse("wellbeing:goal_detail", args=[other.pk])).status_code == 404
    check = signed_in_client.post(
        reverse("wellbeing:goal_check", args=[other.pk]), {"day": today, "done": "1"}
    )
    assert check.status_code == 404
    status = signed_in_client.post(reverse("wellbeing:goal_status", args=[other.pk]), {"status": "archived"})
    assert status.status_code == 404
    assert not GoalCheck.objects.filter(goal=other).exists()


def _post_checkin(client, **overrides):
    return client.post(reverse("wellbeing:checkin_create"), {**CHECKIN, **overrides})


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"mood": "7"}, "Choose mood from 1 to 5."),
        ({"energy": ""}, "Choose how your energy was"),
        ({"sleep": "abc"}, "Choose sleep quality from 1 to 5."),
        ({"exposure": "999"}, "That&#x27;s more than 20."),
        ({"exposure": "-2"}, "Enter 0 or more."),
        ({"exposure": "lots"}, "Enter a whole number"),
        ({"themes": ["gossip"]}, "Choose themes from the list."),
        ({"day": "2026-02-30"}, "Enter the day as a date"),
        ({"day": "3026-01-01"}, "hasn&#x27;t happened yet"),
        ({"note": "x" * 1001}, "Keep the note under 1000 characters."),
    ],
)
def test_checkin_bad_input_gets_a_clear_message_and_keeps_the_text(
    signed_in_client, user, overrides, message
):
    today = local_today(user).isoformat()
    response = _post_checkin(signed_in_client, **{"day": today, **overrides})
    html = response.content.decode()
    assert response.status_code == 422
    assert message in html
    if "note" not in overrides:
        assert "heavy intake" in html
    assert not CheckIn.objects.filter(user=user).exists()


def test_checkin_duplicate_day_is_refused_with_a_message(signed_in_client, user):
    day = local_today(user) - datetime.timedelta(days=3)
    assert _post_checkin(signed_in_client, day=day.isoformat()).status_code == 302
    response = _post_checkin(signed_in_client, day=day.isoformat(), note="second try")
    assert response.status_code == 422
    assert "You already have a check-in for" in response.content.decode()
    assert "second try" in response.content.decode()
    assert CheckIn.objects.filter(user=user).count() == 1


def test_checkin_refused_from_today_card_swaps_the_card_with_the_errors(signed_in_client, user):
    response = signed_in_client.post(
        reverse("wellbeing:checkin_create"),
        {**CHECKIN, "day": local_today(user).isoformat(), "mood": ""},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="card-checkin",
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="card-checkin"' in html
    assert "Choose how your mood was" in html
    assert "heavy intake" in html


def test_checkin_edit_page_of_someone_else_is_not_found(signed_in_client):
    other = CheckIn.objects.create(
        user=GoalFactory().user, day=datetime.date(2026, 1, 1), mood=3, energy=3, sleep=3
    )
    assert signed_in_client.get(reverse("wellbeing:checkin_edit", args=[other.pk])).status_code == 404
    assert (
        signed_in_client.post(reverse("wellbeing:checkin_edit", args=[other.pk]), CHECKIN).status_code == 404
    )


def test_goal_create_page_keeps_text_on_error_and_offers_examples(signed_in_client, user):
    page = signed_in_client.get(reverse("wellbeing:goal_create"))
    assert "A walk after my last session" in page.content.decode()
    response = signed_in_client.post(
        reverse("wellbeing:goal_create"),
        {"title": "Swim", "reason": "cold water resets me", "cadence": "weekly", "times_per_week": "12"},
    )
    assert response.status_code == 422
    assert "Choose from 1 to 7 times a week." in response.content.decode()
    assert "cold water resets me" in response.content.decode()
    ok = signed_in_client.post(
        reverse("wellbeing:goal_create"), {"title": "Swim", "cadence": "weekly", "times_per_week": "2"}
    )
    assert ok.status_code == 302


def test_goal_check_bad_day_answers_with_a_message_not_an_error(signed_in_client, user):
    goal = goal_create(user=user, title="A walk")
    url = reverse("wellbeing:goal_check", args=[goal.pk])
    future = (local_today(user) + datetime.timedelta(days=2)).isoformat()
    for data in ({"day": future, "done": "1"}, {"day": "not-a-day", "done": "1"}, {"done": "maybe"}):
        response = signed_in_client.post(url, data, follow=True)
        assert response.status_code == 200
        assert 'class="message message-error"' in response.content.decode()
    assert not GoalCheck.objects.exists()
    carded = signed_in_client.post(
        url, {"day": future, "done": "1"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="card-checkin"
    )
    assert carded.status_code == 422


def test_goal_tick_from_today_card_updates_the_card(signed_in_client, user):
    goal = goal_create(user=user, title="Lunch away from my desk")
    response = signed_in_client.post(
        reverse("wellbeing:goal_check", args=[goal.pk]),
        {"day": local_today(user).isoformat(), "done": "1"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="card-checkin",
    )
    assert response.status_code == 200
    assert 'aria-pressed="true"' in response.content.decode()
    assert GoalCheck.objects.filter(goal=goal, day=local_today(user)).exists()


def test_history_survives_malformed_parameters(signed_in_client):
    for query in ("?month=2026-99", "?month=abc", "?month=-1--1", "?month=0000-01"):
        assert signed_in_client.get(reverse("wellbeing:history") + query).status_code == 200
    for query in ("?year=abc", "?year=-5", "?year=10000000000000000000"):
        assert signed_in_client.get(reverse("wellbeing:history_year") + query).status_code == 200
    assert signed_in_client.get(reverse("wellbeing:reflection_edit", args=["nonsense"])).status_code == 404
    assert signed_in_client.get(reverse("wellbeing:reflection_edit", args=["2999-01-01"])).status_code == 404


def test_reflection_page_saves_the_goals_that_helped(signed_in_client, user):
    goal = goal_create(user=user, title="A walk")
    monday = local_today(user) - datetime.timedelta(days=local_today(user).weekday())
    url = reverse("wellbeing:reflection_edit", args=[monday.isoformat()])
    assert signed_in_client.post(url, {"helped": [str(goal.pk)], "note": "it did"}).status_code == 302
    assert signed_in_client.post(url, {"helped": [str(GoalFactory().pk)]}).status_code == 422
    history = signed_in_client.get(reverse("wellbeing:history") + f"?month={monday:%Y-%m}")
    assert "A walk" in history.content.decode()


def test_export_csv_has_numbers_and_defuses_formulas(signed_in_client, user):
    checkin_create(
        user=user, day=local_today(user), mood=2, energy=5, sleep=1, exposure=3, note="=HYPERLINK(1)"
    )
    history = signed_in_client.get(reverse("wellbeing:history"))
    assert reverse("wellbeing:export_csv") in history.content.decode()
    response = signed_in_client.get(reverse("wellbeing:export_csv"))
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0] == "day,mood,mood_label,energy,energy_label,sleep,sleep_label,exposure,themes,note"
    assert lines[1].startswith(f"{local_today(user).isoformat()},2,Low,5,Full of energy,1,Very poor,3,,")
    assert lines[1].endswith("'=HYPERLINK(1)")


def test_pages_ask_anonymous_visitors_to_sign_in(client):
    for name in (
        "wellbeing:history",
        "wellbeing:goal_list",
        "wellbeing:export_csv",
        "wellbeing:checkin_create",
    ):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
