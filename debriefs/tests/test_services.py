from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from debriefs import services
from debriefs.formats import builtin_formats, clean_phases, format_for, formats_for
from debriefs.models import DebriefSession, Participant, Pass, Rsvp
from debriefs.tests.factories import DebriefSessionFactory
from notifications.models import Notification

pytestmark = pytest.mark.django_db

PEER = "builtin:peer-debrief"
CHECK_OUT = "builtin:end-of-day-check-out"


def _schedule(clinic, actor=None, **overrides):
    data = {
        "actor": actor or clinic.owner,
        "community": clinic.community,
        "room": clinic.room,
        "title": "Debrief after Tuesday",
        "starts_at": timezone.now() + timedelta(days=1),
        "format_key": PEER,
    }
    data.update(overrides)
    return services.session_schedule(**data)


def _live(clinic, *joiners):
    session = _schedule(clinic)
    session = services.session_start(actor=clinic.owner, session=session)
    for person in joiners:
        services.participant_join(user=person, session=session)
    return session


# --- formats --------------------------------------------------------------------------


def test_formats_ship_a_six_phase_peer_debrief_and_a_three_round_check_out():
    shipped = {f.key: f for f in builtin_formats()}
    peer = shipped[PEER]
    assert [p.name for p in peer.phases] == [
        "Arrival and ground rules",
        "What happened",
        "Thoughts",
        "Reactions",
        "What helps",
        "Closing round",
    ]
    assert "without graphic detail" in peer.phases[1].question
    assert all(p.question and p.minutes > 0 for p in peer.phases)
    assert len(shipped[CHECK_OUT].phases) == 3


def test_formats_reject_a_phase_without_question_or_with_an_odd_length():
    with pytest.raises(ValidationError, match="guiding question"):
        clean_phases([{"name": "Arrival", "question": "", "minutes": 5}])
    with pytest.raises(ValidationError, match="between 1 and 60"):
        clean_phases([{"name": "Arrival", "question": "How are you?", "minutes": "lots"}])
    with pytest.raises(ValidationError, match="at least one phase"):
        clean_phases([])


def test_format_create_by_the_owner_is_offered_to_facilitators(clinic):
    own = services.format_create(
        actor=clinic.owner,
        community=clinic.community,
        name="Night-shift handover",
        phases=[{"name": "Landing", "question": "What are you carrying?", "minutes": "3"}],
    )
    keys = [f.key for f in formats_for(clinic.community)]
    assert keys[:2] == [PEER, CHECK_OUT]
    assert own.key in keys
    assert format_for(clinic.community, own.key).phases[0].minutes == 3


def test_format_create_is_for_the_owner_only(clinic):
    with pytest.raises(PermissionDenied):
        services.format_create(
            actor=clinic.moderator,
            community=clinic.community,
            name="Mine",
            phases=[{"name": "A", "question": "B?", "minutes": 3}],
        )
    with pytest.raises(Http404):
        services.format_create(
            actor=clinic.outsider,
            community=clinic.community,
            name="Mine",
            phases=[{"name": "A", "question": "B?", "minutes": 3}],
        )


def test_session_keeps_its_phases_when_its_format_is_removed_later(clinic):
    own = services.format_create(
        actor=clinic.owner,
        community=clinic.community,
        name="Short",
        phases=[{"name": "Only round", "question": "One word?", "minutes": 2}],
    )
    session = _schedule(clinic, format_key=own.key)
    services.format_delete(actor=clinic.owner, community_format=own)
    session.refresh_from_db()
    assert session.phases == [{"name": "Only round", "question": "One word?", "minutes": 2}]
    assert session.format_name == "Short"


# --- scheduling -----------------------------------------------------------------------


def test_session_schedule_tells_each_member_the_time_in_their_own_zone(clinic):
    starts = (timezone.now() + timedelta(days=30)).astimezone(UTC).replace(hour=18, minute=0, second=0)
    session = _schedule(clinic, starts_at=starts)

    def expected(zone: str) -> str:
        local = starts.astimezone(ZoneInfo(zone))
        return f"{local:%a} {local.day} {local:%B}, {local:%H:%M} ({zone})"

    titles = dict(
        Notification.objects.filter(kind="debriefs.scheduled").values_list("recipient__display_name", "title")
    )
    assert set(titles) == {"Mo", "Alex", "Sam"}  # everyone but the facilitator who scheduled it
    assert titles["Alex"].endswith(expected("America/New_York"))
    assert titles["Sam"].endswith(expected("Asia/Tokyo"))
    assert titles["Mo"].endswith(expected("Europe/London"))
    assert expected("Asia/Tokyo").split(", ")[1].startswith("03:00")  # the next morning in Tokyo
    assert session.facilitator == clinic.owner
    assert len(session.phases) == 6


def test_session_schedule_is_for_facilitators_and_hidden_from_outsiders(clinic):
    with pytest.raises(PermissionDenied):
        _schedule(clinic, actor=clinic.alex)
    with pytest.raises(Http404):
        _schedule(clinic, actor=clinic.outsider)
    assert _schedule(clinic, actor=clinic.moderator).facilitator == clinic.moderator


def test_session_schedule_refuses_a_past_time_an_unknown_format_and_a_blank_title(clinic):
    with pytest.raises(ValidationError) as past:
        _schedule(clinic, starts_at=timezone.now() - timedelta(hours=1))
    assert "future" in str(past.value)
    with pytest.raises(ValidationError) as unknown:
        _schedule(clinic, format_key="builtin:nonsense")
    assert "format_key" in unknown.value.message_dict
    with pytest.raises(ValidationError) as blank:
        _schedule(clinic, title="   ")
    assert "title" in blank.value.message_dict
    assert not DebriefSession.objects.exists()


def test_session_update_moves_the_time_and_tells_those_coming(clinic):
    session = _schedule(clinic)
    services.rsvp_set(user=clinic.alex, session=session, coming=True)
    Notification.objects.all().delete()
    later = session.starts_at + timedelta(hours=2)

    updated = services.session_update(
        actor=clinic.owner, session=session, title="Moved", starts_at=later, format_key=CHECK_OUT
    )

    assert updated.revision == 1
    assert len(updated.phases) == 3
    notes = list(Notification.objects.values_list("recipient", "title"))
    assert notes == [(clinic.alex.pk, notes[0][1])]
    assert "has moved: now" in notes[0][1]


def test_session_cancel_tells_those_coming_and_cannot_start_afterwards(clinic):
    session = _schedule(clinic)
    services.rsvp_set(user=clinic.sam, session=session, coming=True)
    services.session_cancel(actor=clinic.owner, session=session)

    assert Notification.objects.filter(kind="debriefs.cancelled", recipient=clinic.sam).count() == 1
    assert not Notification.objects.filter(kind="debriefs.cancelled", recipient=clinic.alex).exists()
    with pytest.raises(PermissionDenied):
        services.session_start(actor=clinic.owner, session=session)


def test_rsvp_set_toggles_and_is_for_members_only(clinic):
    session = _schedule(clinic)
    services.rsvp_set(user=clinic.alex, session=session, coming=True)
    services.rsvp_set(user=clinic.alex, session=session, coming=True)
    assert Rsvp.objects.filter(session=session).count() == 1
    services.rsvp_set(user=clinic.alex, session=session, coming=False)
    assert not Rsvp.objects.exists()
    with pytest.raises(Http404):
        services.rsvp_set(user=clinic.outsider, session=session, coming=True)


# --- running a session ----------------------------------------------------------------


def test_session_start_opens_the_first_phase_and_counts_the_facilitator_in(clinic):
    session = _live(clinic)
    assert session.state == DebriefSession.State.LIVE
    assert session.current_phase == 0
    assert session.phase_started_at is not None
    assert Participant.objects.filter(session=session, user=clinic.owner).exists()


def test_session_start_refuses_a_second_live_session_in_the_same_room(clinic):
    _live(clinic)
    other = _schedule(clinic, title="Another")
    with pytest.raises(PermissionDenied, match="Another debrief is running"):
        services.session_start(actor=clinic.owner, session=other)


def test_phase_move_goes_forward_and_back_within_bounds(clinic):
    session = _live(clinic)
    with pytest.raises(PermissionDenied, match="first phase"):
        services.phase_back(actor=clinic.owner, session=session)
    for _ in range(5):
        session = services.phase_advance(actor=clinic.moderator, session=session)
    assert session.current_phase == 5
    with pytest.raises(PermissionDenied, match="last phase"):
        services.phase_advance(actor=clinic.owner, session=session)
    session = services.phase_back(actor=clinic.owner, session=session)
    assert (session.current_phase, session.furthest_phase) == (4, 5)


def test_only_facilitators_drive_a_session(clinic):
    session = _live(clinic, clinic.alex)
    for action in (
        services.phase_advance,
        services.phase_back,
        services.break_start,
        services.break_stop,
        services.session_end,
    ):
        with pytest.raises(PermissionDenied):
            action(actor=clinic.alex, session=session)
        with pytest.raises(Http404):
            action(actor=clinic.outsider, session=session)
    session.refresh_from_db()
    assert (session.state, session.current_phase, session.break_until) == ("live", 0, None)


def test_break_start_lasts_a_minute_and_break_stop_ends_it(clinic):
    session = _live(clinic)
    before = timezone.now()
    session = services.break_start(actor=clinic.owner, session=session)
    assert timedelta(seconds=59) <= session.break_until - before <= timedelta(seconds=61)
    session = services.break_stop(actor=clinic.owner, session=session)
    assert session.break_until is None


def test_phase_pass_is_recorded_once_per_round_for_participants_only(clinic):
    session = _live(clinic, clinic.alex)
    services.phase_pass(user=clinic.alex, session=session)
    services.phase_pass(user=clinic.alex, session=session)
    assert Pass.objects.filter(session=session, phase=0).count() == 1
    with pytest.raises(PermissionDenied, match="Join the debrief first"):
        services.phase_pass(user=clinic.sam, session=session)
    with pytest.raises(Http404):
        services.phase_pass(user=clinic.outsider, session=session)


def test_session_end_records_attendance_and_phases_and_forgets_who_passed(clinic):
    session = _live(clinic, clinic.alex, clinic.sam)
    services.phase_pass(user=clinic.alex, session=session)
    session = services.phase_advance(actor=clinic.owner, session=session)
    session = services.phase_advance(actor=clinic.owner, session=session)
    session = services.session_end(actor=clinic.owner, session=session)

    assert session.state == DebriefSession.State.ENDED
    assert session.attendance_count == 3  # the facilitator and two members
    assert session.phases_completed == 3
    assert not Pass.objects.filter(session=session).exists()
    with pytest.raises(PermissionDenied):
        services.participant_join(user=clinic.moderator, session=session)


def test_participant_join_needs_a_live_session(clinic):
    session = _schedule(clinic)
    with pytest.raises(PermissionDenied, match="isn't running"):
        services.participant_join(user=clinic.alex, session=session)


def test_session_factory_builds_a_usable_session():
    session = DebriefSessionFactory()
    started = services.session_start(actor=session.facilitator, session=session)
    assert started.phase["name"] == "Arrival and ground rules"
