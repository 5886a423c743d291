import pytest

from accounts.tests.factories import UserFactory
from insights.models import EntrySignal, InsightSettings
from insights.tests.factories import declining_month, steady_month, write_entry

pytestmark = pytest.mark.django_db
MAX_CARD_QUERIES = 14


def _card(response) -> str:
    html = response.content.decode()
    start = html.index('id="card-insights"')
    return html[start : html.index("</article>", start)]


def test_today_card_shows_watch_with_its_reasons_and_data(signed_in, user):
    declining_month(user)
    card = _card(signed_in.get("/today/"))
    assert "insights-badge-act" in card or "insights-badge-watch" in card
    assert "below your usual range on 8 of the last 8 days" in card
    assert "3 of your 3 journal entries this week mention exhaustion and intrusive thoughts" in card
    assert "The data behind it" in card
    assert "What might help" in card


def test_today_card_says_steady_for_a_steady_month(signed_in, user):
    steady_month(user)
    card = _card(signed_in.get("/today/"))
    assert "insights-badge-steady" in card
    assert "What might help" in card or "Steady" in card


def test_today_card_is_hidden_when_turned_off(signed_in, user):
    declining_month(user)
    InsightSettings.objects.create(user=user, enabled=False)
    assert 'id="card-insights"' not in signed_in.get("/today/").content.decode()


def test_today_card_shows_crisis_resources_even_when_turned_off(signed_in, user):
    InsightSettings.objects.create(user=user, enabled=False)
    write_entry(user, "Some nights I want to end my life.")
    card = _card(signed_in.get("/today/"))
    assert "crisis-resources" in card
    assert "insights-badge" not in card


def test_today_card_tells_a_new_person_how_many_days_are_needed(signed_in, user):
    assert "Not enough days yet" in _card(signed_in.get("/today/"))


def test_entry_signals_are_never_shown_to_another_person(client, user):
    declining_month(user)
    other = UserFactory()
    client.force_login(other)
    page = client.get("/insights/").content.decode()
    assert "intrusive thoughts" not in page
    assert EntrySignal.objects.filter(user=other).count() == 0


def test_overview_page_shows_chart_summary_and_months(signed_in, user):
    declining_month(user)
    response = signed_in.get("/insights/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "a forecast, not a verdict" in html
    assert "Month by month" in html
    assert "<svg" in html


def test_settings_turn_off_and_change_sensitivity(signed_in, user):
    response = signed_in.post("/insights/settings/", {"sensitivity": "high"})
    assert response.status_code == 302
    prefs = InsightSettings.objects.get(user=user)
    assert prefs.enabled is False
    assert prefs.sensitivity == "high"


def test_settings_reject_an_unknown_sensitivity_with_422(signed_in, user):
    response = signed_in.post("/insights/settings/", {"enabled": "on", "sensitivity": "extreme"})
    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()


def test_suggestion_kind_can_be_dismissed_for_good_and_restored(signed_in, user):
    declining_month(user)
    assert "Talk it through" in signed_in.get("/insights/").content.decode()
    signed_in.post("/insights/suggestions/dismiss/", {"kind": "reach-out"})
    assert "Talk it through" not in signed_in.get("/insights/").content.decode()
    signed_in.post("/insights/suggestions/restore/")
    assert "Talk it through" in signed_in.get("/insights/").content.decode()


def test_dismissing_an_unknown_kind_is_refused_politely(signed_in):
    response = signed_in.post("/insights/suggestions/dismiss/", {"kind": "nonsense"}, follow=True)
    assert response.status_code == 200
    assert "could not be hidden" in response.content.decode()


def test_pages_need_sign_in(client):
    for url in ("/insights/", "/insights/settings/", "/insights/self-check/"):
        assert client.get(url).status_code == 302


@pytest.mark.parametrize("size", [1, 3])
def test_today_card_runs_a_fixed_number_of_queries(signed_in, user, size, django_assert_max_num_queries):
    for _ in range(size):
        declining_month(UserFactory())
    declining_month(user)
    signed_in.get("/today/")  # computes the entries' signals once
    from insights.today import today_card_context

    with django_assert_max_num_queries(MAX_CARD_QUERIES):
        assert today_card_context(user)["assessment"].raised


def test_overview_page_says_its_figures_come_from_simulated_people(signed_in, user):
    from insights.evaluation import measured

    steady_month(user)
    html = signed_in.get("/insights/").content.decode()
    assert measured() is not None
    assert "tested on simulated people, not on real clinicians" in html
    assert "in the hardest group" in html


def test_today_card_says_not_enough_recent_check_ins_after_a_long_gap(signed_in, user):
    import datetime

    from wellbeing.dates import local_today
    from wellbeing.tests.factories import CheckInFactory

    today = local_today(user)
    for offset in range(9, 50):
        CheckInFactory(user=user, day=today - datetime.timedelta(days=offset), mood=4, energy=4, exposure=1)
    card = _card(signed_in.get("/today/"))
    assert "Not enough recent check-ins" in card
    assert "insights-badge-steady" not in card
