"""The .ics download parses back with the icalendar package, in the downloader's zone."""

import zoneinfo
from datetime import datetime, timedelta

import icalendar
import pytest
from django.test import Client
from django.utils import timezone

from debriefs import services
from debriefs.calendar import session_ics
from debriefs.tests.factories import DebriefSessionFactory

pytestmark = pytest.mark.django_db

START = datetime(2031, 7, 1, 16, 30, tzinfo=zoneinfo.ZoneInfo("UTC"))


def _event(data: bytes) -> tuple[icalendar.Calendar, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    return calendar, events[0]


def test_session_ics_parses_back_to_the_same_instant_in_the_members_zone(clinic):
    session = DebriefSessionFactory(community=clinic.community, starts_at=START, title="Summer debrief")
    calendar, event = _event(session_ics(session, clinic.sam))

    start = event.decoded("dtstart")
    assert start == START
    assert start.tzinfo.key == "Asia/Tokyo"
    assert (start.hour, start.minute) == (1, 30)  # 16:30 UTC is 01:30 the next day in Tokyo
    assert event.decoded("dtend") - start == timedelta(minutes=session.planned_minutes)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Tokyo"]
    assert str(event["summary"]) == f"Summer debrief ({clinic.community.name})"
    assert str(event["uid"]).startswith(f"debrief-{session.pk}@")
    assert str(event["status"]) == "CONFIRMED"
    assert "pass every round" in str(event["description"])


def test_session_ics_in_new_york_names_the_same_instant(clinic):
    session = DebriefSessionFactory(community=clinic.community, starts_at=START)
    _, event = _event(session_ics(session, clinic.alex))
    start = event.decoded("dtstart")
    assert start == START
    assert (start.tzinfo.key, start.hour) == ("America/New_York", 12)  # summer time, UTC-4


def test_session_ics_after_an_edit_and_a_cancel_updates_the_same_event(clinic):
    session = DebriefSessionFactory(community=clinic.community, facilitator=clinic.owner)
    _, first = _event(session_ics(session, clinic.alex))
    session = services.session_update(
        actor=clinic.owner,
        session=session,
        title=session.title,
        starts_at=session.starts_at + timedelta(hours=1),
        format_key=session.format_key,
    )
    session = services.session_cancel(actor=clinic.owner, session=session)
    _, last = _event(session_ics(session, clinic.alex))
    assert str(last["uid"]) == str(first["uid"])
    assert int(last["sequence"]) == int(first["sequence"]) + 2
    assert str(last["status"]) == "CANCELLED"


def test_session_calendar_download_is_for_members_only(clinic):
    session = DebriefSessionFactory(community=clinic.community, starts_at=timezone.now() + timedelta(days=2))
    member = Client()
    member.force_login(clinic.alex)
    response = member.get(f"/debriefs/{session.pk}/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    _, event = _event(response.content)
    assert event.decoded("dtstart") == session.starts_at.replace(microsecond=0)

    outsider = Client()
    outsider.force_login(clinic.outsider)
    assert outsider.get(f"/debriefs/{session.pk}/calendar.ics").status_code == 404
