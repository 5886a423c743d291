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
