import json
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from communities.rooms.selectors import room_for_socket
from communities.tests.factories import MembershipFactory
from debriefs import services
from debriefs.models import CheckoutTally, DebriefSession, Participant, Rsvp
from debriefs.selectors import room_panel
from debriefs.tests.factories import DebriefSessionFactory

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def room_path(clinic) -> str:
    return f"/groups/{clinic.community.slug}/rooms/{clinic.room.slug}/"


@pytest.fixture
def scheduled(clinic):
    return DebriefSessionFactory(
        community=clinic.community,
        facilitator=clinic.owner,
        title="Debrief after Tuesday",
        starts_at=timezone.now() + timedelta(days=1),
    )


@pytest.fixture
def live(clinic, scheduled):
    return services.session_start(actor=clinic.owner, session=scheduled)


# --- scheduling -----------------------------------------------------------------------


def test_schedule_page_creates_a_session_in_the_facilitators_zone(clinic):
    owner = client_for(clinic.owner)  # Europe/London
    page = owner.get(f"/debriefs/groups/{clinic.community.slug}/new/")
    assert page.status_code == 200
    assert b"Structured peer debrief (6 phases" in page.content

    when = (timezone.now() + timedelta(days=10)).date()
    response = owner.post(
        f"/debriefs/groups/{clinic.community.slug}/new/",
        {
            "title": "Winter debrief",
            "starts_at": f"{when:%Y-%m-%d}T17:30",
            "room": clinic.room.pk,
            "format_key": "builtin:end-of-day-check-out",
            "audience": "The ward team",
            "description": "",
        },
    )
    session = DebriefSession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/debriefs/{session.pk}/"
    london = session.starts_at.astimezone(ZoneInfo("Europe/London"))
    assert (london.date(), london.hour, london.minute) == (when, 17, 30)
    assert len(session.phases) == 3


def test_schedule_page_refuses_bad_input_with_422_and_keeps_the_text(clinic):
    owner = client_for(clinic.owner)
    response = owner.post(
        f"/debriefs/groups/{clinic.community.slug}/new/",
        {
            "title": "Kept title",
            "starts_at": "2001-01-01T10:00",
            "room": clinic.room.pk,
            "format_key": "builtin:peer-debrief",
            "audience": "Kept audience",
        },
    )
    assert response.status_code == 422
    assert b"Choose a time in the future." in response.content
    assert b'value="Kept title"' in response.content
    assert b'value="Kept audience"' in response.content
    response = owner.post(
        f"/debriefs/groups/{clinic.community.slug}/new/",
        {"title": "x", "starts_at": "not a date", "room": clinic.room.pk, "format_key": "nope"},
    )
    assert response.status_code == 422
    assert not DebriefSession.objects.exists()


def test_schedule_page_is_for_facilitators_and_hidden_from_outsiders(clinic):
    path = f"/debriefs/groups/{clinic.community.slug}/new/"
    assert client_for(clinic.alex).get(path).status_code == 403
    assert client_for(clinic.outsider).get(path).status_code == 404
    assert Client().get(path).status_code == 302  # to sign in


def test_session_detail_shows_the_start_in_each_members_zone(clinic):
    starts = timezone.now().replace(hour=18, minute=0, second=0, microsecond=0) + timedelta(days=3)
    session = DebriefSessionFactory(community=clinic.community, starts_at=starts)
    tokyo = starts.astimezone(ZoneInfo("Asia/Tokyo"))
    new_york = starts.astimezone(ZoneInfo("America/New_York"))

    sam_page = client_for(clinic.sam).get(f"/debriefs/{session.pk}/").content.decode()
    alex_page = client_for(clinic.alex).get(f"/debriefs/{session.pk}/").content.decode()

    assert f'{tokyo:%H:%M}</time> <span class="muted">(Asia/Tokyo)' in sam_page
    assert f'{new_york:%H:%M}</time> <span class="muted">(America/New_York)' in alex_page


def test_session_pages_answer_404_to_outsiders(clinic, live):
    outsider = client_for(clinic.outsider)
    for path in (
        f"/debriefs/{live.pk}/",
        f"/debriefs/{live.pk}/calendar.ics",
        f"/debriefs/{live.pk}/follow-up/",
        f"/debriefs/rooms/{clinic.room.pk}/panel/",
        f"/debriefs/groups/{clinic.community.slug}/",
    ):
        assert outsider.get(path).status_code == 404, path
    for path in ("control/", "join/", "pass/", "rsvp/", "check-out/"):
        assert outsider.post(f"/debriefs/{live.pk}/{path}", {"action": "next"}).status_code == 404, path
    assert outsider.post(f"/debriefs/{live.pk}/control/", {"action": "next"}, **JSON).status_code == 404


def test_rsvp_button_says_i_will_come_and_takes_it_back(clinic, scheduled):
    alex = client_for(clinic.alex)
    page = alex.get(f"/debriefs/{scheduled.pk}/")
    assert "I'll come</button>" in page.content.decode()
    alex.post(f"/debriefs/{scheduled.pk}/rsvp/", {"coming": "1"})
    assert Rsvp.objects.filter(session=scheduled, user=clinic.alex).exists()
    assert "I can't come after all" in alex.get(f"/debriefs/{scheduled.pk}/").content.decode()
    alex.post(f"/debriefs/{scheduled.pk}/rsvp/", {"coming": "0"})
    assert not Rsvp.objects.exists()


def test_edit_and_cancel_are_for_facilitators(clinic, scheduled):
    alex = client_for(clinic.alex)
    assert alex.get(f"/debriefs/{scheduled.pk}/edit/").status_code == 403
    assert alex.post(f"/debriefs/{scheduled.pk}/cancel/").status_code == 403
    owner = client_for(clinic.owner)
    assert owner.get(f"/debriefs/{scheduled.pk}/edit/").status_code == 200
    owner.post(f"/debriefs/{scheduled.pk}/cancel/")
    scheduled.refresh_from_db()
    assert scheduled.state == DebriefSession.State.CANCELLED


# --- in the room ----------------------------------------------------------------------


def test_room_page_shows_ground_rules_phase_and_join_during_a_session(clinic, live):
    page = client_for(clinic.alex).get(room_path(clinic)).content.decode()
    assert "Debrief in progress: Debrief after Tuesday" in page
    assert "You may pass." in page
    assert "No graphic detail" in page
    assert "join</button>" in page
    assert "Arrival and ground rules" in page
    assert "js/debriefs.js" in page
    assert "Next phase" not in page  # members don't drive


def test_room_page_shows_controls_to_the_facilitator(clinic, live):
    page = client_for(clinic.owner).get(room_path(clinic)).content.decode()
    assert "Next phase" in page
    assert "Grounding break (1 minute)" in page
    assert "End the debrief" in page
    assert "Passed this round: <span data-debrief-passes>nobody</span>" in page


def test_room_page_without_a_session_is_the_plain_room_with_the_next_session(clinic, scheduled):
    page = client_for(clinic.alex).get(room_path(clinic)).content.decode()
    assert "Debrief in progress" not in page
    assert "Next debrief here" in page
    assert 'data-state="none"' in page


def test_control_by_a_member_is_refused_and_nothing_moves(clinic, live):
    alex = client_for(clinic.alex)
    assert alex.post(f"/debriefs/{live.pk}/control/", {"action": "next"}).status_code == 403
    assert alex.post(f"/debriefs/{live.pk}/control/", {"action": "end"}, **JSON).status_code == 403
    live.refresh_from_db()
    assert (live.state, live.current_phase) == ("live", 0)


def test_control_answers_the_script_with_the_frame_and_the_form_with_a_redirect(clinic, live):
    owner = client_for(clinic.owner)
    response = owner.post(f"/debriefs/{live.pk}/control/", {"action": "next"}, **JSON)
    data = json.loads(response.content)
    assert data["ok"] is True
    assert data["frames"][0]["type"] == "debrief.phase"
    assert data["frames"][0]["index"] == 1

    response = owner.post(f"/debriefs/{live.pk}/control/", {"action": "break"})
    assert response.status_code == 302
    assert response["Location"] == room_path(clinic) + "#debrief"
    live.refresh_from_db()
    assert live.break_until > timezone.now()

    bad = owner.post(f"/debriefs/{live.pk}/control/", {"action": "explode"}, **JSON)
    assert bad.status_code == 422
    assert "Which action" in json.loads(bad.content)["error"]


def test_control_at_the_last_phase_explains_instead_of_failing(clinic, live):
    owner = client_for(clinic.owner)
    for _ in range(5):
        owner.post(f"/debriefs/{live.pk}/control/", {"action": "next"})
    response = owner.post(f"/debriefs/{live.pk}/control/", {"action": "next"}, **JSON)
    assert response.status_code == 409
    assert "last phase" in json.loads(response.content)["error"]
    page = owner.post(f"/debriefs/{live.pk}/control/", {"action": "next"}, follow=True)
    assert "last phase" in page.content.decode()


def test_join_then_pass_shows_passed_to_the_member_and_the_name_to_the_facilitator(clinic, live):
    alex = client_for(clinic.alex)
    alex.post(f"/debriefs/{live.pk}/join/")
    assert Participant.objects.filter(session=live, user=clinic.alex).exists()
    response = alex.post(f"/debriefs/{live.pk}/pass/", **JSON)
    assert json.loads(response.content)["ok"] is True

    member_panel = alex.get(f"/debriefs/rooms/{clinic.room.pk}/panel/").content.decode()
    assert "You passed this round." in member_panel
    sam_panel = client_for(clinic.sam).get(f"/debriefs/rooms/{clinic.room.pk}/panel/").content.decode()
    assert "Alex" not in sam_panel
    owner_panel = client_for(clinic.owner).get(f"/debriefs/rooms/{clinic.room.pk}/panel/").content.decode()
    assert "Passed this round: <span data-debrief-passes>Alex</span>" in owner_panel


def test_end_offers_the_anonymous_check_out_to_participants(clinic, live):
    alex = client_for(clinic.alex)
    alex.post(f"/debriefs/{live.pk}/join/")
    client_for(clinic.owner).post(f"/debriefs/{live.pk}/control/", {"action": "end"})

    page = alex.get(room_path(clinic)).content.decode()
    assert "has ended" in page
    assert "How are you leaving?" in page
    assert "Debrief in progress" not in page
    assert "How are you leaving?" not in client_for(clinic.sam).get(room_path(clinic)).content.decode()

    missing = alex.post(f"/debriefs/{live.pk}/check-out/", {})
    assert missing.status_code == 422
    assert b"Choose a number from 1 to 5" in missing.content
    alex.post(f"/debriefs/{live.pk}/check-out/", {"score": "4"})
    assert list(CheckoutTally.objects.values_list("score", "count")) == [(4, 1)]
    assert "Thank you for your check-out" in alex.get(room_path(clinic)).content.decode()


def test_summary_is_for_facilitators_and_hides_answers_below_five(clinic, live):
    members = [MembershipFactory(community=clinic.community).user for _ in range(3)]
    for member in [clinic.alex, *members]:
        services.participant_join(user=member, session=live)
    ended = services.session_end(actor=clinic.owner, session=live)
    for member in [clinic.alex, *members]:
        services.checkout_answer(user=member, session=ended, score=4)

    owner_page = client_for(clinic.owner).get(f"/debriefs/{live.pk}/").content.decode()
    assert "Session summary" in owner_page
    assert "5 people joined" in owner_page
    assert "1 of 6" in owner_page
    assert "data-checkout-private" in owner_page
    assert "Session summary" not in client_for(clinic.alex).get(f"/debriefs/{live.pk}/").content.decode()

    fifth = MembershipFactory(community=clinic.community).user
    Participant.objects.create(session=ended, user=fifth)
    services.checkout_answer(user=fifth, session=ended, score=2)
    owner_page = client_for(clinic.owner).get(f"/debriefs/{live.pk}/").content.decode()
    assert "data-checkout-distribution" in owner_page


# --- elsewhere ------------------------------------------------------------------------


def test_community_home_and_today_list_upcoming_sessions(clinic, scheduled):
    alex = client_for(clinic.alex)
    home = alex.get(f"/groups/{clinic.community.slug}/").content.decode()
    assert "Debrief after Tuesday" in home
    today = alex.get("/today/").content.decode()
    assert 'id="card-debriefs"' in today
    assert "Debrief after Tuesday" in today
    assert 'id="card-debriefs"' not in client_for(clinic.outsider).get("/today/").content.decode()


def test_follow_up_page_invites_a_check_in_or_a_journal_prompt(clinic, live):
    page = client_for(clinic.alex).get(f"/debriefs/{live.pk}/follow-up/").content.decode()
    assert "/wellbeing/check-in/" in page
    assert "/journal/new/?prompt=" in page


def test_formats_page_lets_the_owner_add_a_format_and_keeps_bad_text(clinic):
    owner = client_for(clinic.owner)
    path = f"/debriefs/groups/{clinic.community.slug}/formats/"
    bad = owner.post(path, {"name": "Handover", "phases": "Landing without minutes"})
    assert bad.status_code == 422
    assert b"Landing without minutes" in bad.content
    assert b"three parts" in bad.content
    owner.post(path, {"name": "Handover", "phases": "Landing | What are you carrying? | 3"})
    page = owner.get(path).content.decode()
    assert "Handover" in page
    assert "What are you carrying?" in page
    assert client_for(clinic.alex).post(path, {"name": "x", "phases": "a | b | 1"}).status_code == 403


# --- fixed query counts -----------------------------------------------------------------


@pytest.mark.parametrize("people", [2, 12])
def test_room_panel_runs_a_fixed_number_of_queries(clinic, live, people, django_assert_max_num_queries):
    members = [MembershipFactory(community=clinic.community).user for _ in range(people)]
    for member in members:
        services.participant_join(user=member, session=live)
        services.phase_pass(user=member, session=live)
    room = room_for_socket(clinic.owner, clinic.room.pk)  # as the room page has it: membership known
    with django_assert_max_num_queries(2):  # the session with my state, and who passed
        panel = room_panel(room, clinic.owner)
    assert len(panel.passes) == people
    assert panel.attendance == people + 1


@pytest.mark.parametrize("sessions", [1, 8])
def test_today_card_runs_a_fixed_number_of_queries(clinic, sessions, django_assert_max_num_queries):
    for _ in range(sessions):
        DebriefSessionFactory(community=clinic.community)
    from debriefs.today import debriefs_today_card

    with django_assert_max_num_queries(1):
        card = debriefs_today_card(clinic.alex)
    assert len(card["sessions"]) == min(sessions, 5)


def test_check_out_by_script_gets_a_clear_error_for_a_missing_answer(clinic, live):
    alex = client_for(clinic.alex)
    alex.post(f"/debriefs/{live.pk}/join/")
    services.session_end(actor=clinic.owner, session=live)
    response = alex.post(f"/debriefs/{live.pk}/check-out/", {"score": "9"}, **JSON)
    assert response.status_code == 422
    assert "Select a valid choice" in json.loads(response.content)["error"]
    assert alex.post(f"/debriefs/{live.pk}/check-out/", {"score": "5"}, **JSON).status_code == 200
    twice = alex.post(f"/debriefs/{live.pk}/check-out/", {"score": "5"}, **JSON)
    assert "already answered" in json.loads(twice.content)["error"]


@pytest.mark.parametrize("sessions", [1, 6])
def test_room_panel_between_sessions_is_one_query(clinic, sessions, django_assert_max_num_queries):
    for n in range(sessions):
        DebriefSessionFactory(community=clinic.community, starts_at=timezone.now() + timedelta(days=n + 1))
    room = room_for_socket(clinic.alex, clinic.room.pk)
    with django_assert_max_num_queries(1):
        panel = room_panel(room, clinic.alex)
    assert panel.session is None
    assert panel.next_session.starts_at < timezone.now() + timedelta(days=1, minutes=1)
