"""Reminders shortly before a session, follow-ups 72 hours after, forgotten sessions closed.
The Celery tasks are called directly; each is idempotent."""

from datetime import timedelta

import pytest
from django.utils import timezone

from communities.tests.factories import MembershipFactory
from debriefs import services, tasks
from debriefs.models import DebriefSession, Participant
from debriefs.tests.factories import DebriefSessionFactory
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_starting_soon_reminds_those_coming_once():
    session = DebriefSessionFactory(starts_at=timezone.now() + timedelta(minutes=10))
    coming = MembershipFactory(community=session.community).user
    MembershipFactory(community=session.community)  # a member who didn't say they'd come
    services.rsvp_set(user=coming, session=session, coming=True)

    assert tasks.starting_soon() == 1
    assert tasks.starting_soon() == 0

    reminders = Notification.objects.filter(kind="debriefs.starting")
    assert [n.recipient_id for n in reminders] == [coming.pk]
    assert reminders[0].url.endswith(f"/rooms/{session.room.slug}/")


def test_starting_soon_waits_until_fifteen_minutes_before():
    session = DebriefSessionFactory(starts_at=timezone.now() + timedelta(minutes=40))
    services.rsvp_set(user=session.facilitator, session=session, coming=True)
    assert tasks.starting_soon() == 0
    assert services.send_starting_soon(now=timezone.now() + timedelta(minutes=30)) == 1


def test_starting_soon_follows_a_moved_session():
    session = DebriefSessionFactory(starts_at=timezone.now() + timedelta(minutes=10))
    member = MembershipFactory(community=session.community).user
    services.rsvp_set(user=member, session=session, coming=True)
    tasks.starting_soon()
    session = services.session_update(
        actor=session.facilitator,
        session=session,
        title=session.title,
        starts_at=timezone.now() + timedelta(minutes=12),
        format_key=session.format_key,
    )
    assert tasks.starting_soon() == 1
    assert Notification.objects.filter(kind="debriefs.starting", recipient=member).count() == 2


def _ended(hours_ago: float):
    session = DebriefSessionFactory()
    session = services.session_start(actor=session.facilitator, session=session)
    member = MembershipFactory(community=session.community).user
    services.participant_join(user=member, session=session)
    session = services.session_end(actor=session.facilitator, session=session)
    DebriefSession.objects.filter(pk=session.pk).update(ended_at=timezone.now() - timedelta(hours=hours_ago))
    return session, member


def test_follow_up_reaches_each_participant_once_after_72_hours():
    session, member = _ended(hours_ago=73)
    _ended(hours_ago=70)  # not yet

    assert tasks.follow_ups() == 2  # the member and the facilitator
    assert tasks.follow_ups() == 0

    note = Notification.objects.get(kind="debriefs.follow_up", recipient=member)
    assert note.title == f"A few days after “{session.title}”: how are you doing?"
    assert note.url == f"/debriefs/{session.pk}/follow-up/"
    assert Participant.objects.filter(follow_up_sent_at__isnull=False).count() == 2


def test_follow_up_is_dropped_when_it_is_days_late():
    _ended(hours_ago=72 + 24 * 8)
    assert tasks.follow_ups() == 0


def test_end_forgotten_closes_sessions_left_running_for_hours():
    session = DebriefSessionFactory()
    session = services.session_start(actor=session.facilitator, session=session)
    recent = DebriefSessionFactory()
    recent = services.session_start(actor=recent.facilitator, session=recent)
    DebriefSession.objects.filter(pk=session.pk).update(started_at=timezone.now() - timedelta(hours=7))

    assert tasks.end_forgotten() == 1
    session.refresh_from_db()
    recent.refresh_from_db()
    assert (session.state, session.attendance_count) == ("ended", 1)
    assert recent.state == "live"


def test_beat_runs_each_debrief_task_by_its_registered_name():
    from django.conf import settings

    from config.celery import app

    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    for name in ("debriefs.send_starting_soon", "debriefs.send_follow_ups", "debriefs.end_forgotten"):
        assert name in scheduled
        assert name in app.tasks
    assert "reminders.tick" in scheduled  # the other apps' entries are still there
