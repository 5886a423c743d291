"""A session as an iCalendar file, in the downloading person's own time zone."""

import zoneinfo

import icalendar
from django.conf import settings
from django.utils import timezone

from debriefs.models import DebriefSession


def _zone(user) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(user.time_zone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def session_ics(session: DebriefSession, user) -> bytes:
    """One VEVENT with its VTIMEZONE. The UID stays the same across edits and SEQUENCE rises, so a
    calendar updates (or cancels) the event it already has instead of adding another."""
    zone = _zone(user)
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "zenora"
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Zenora//Debriefs//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if session.state == DebriefSession.State.CANCELLED else "PUBLISH")
    event = icalendar.Event()
    event.add("uid", f"debrief-{session.pk}@{host}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(session.starts_at, zone))
    event.add("dtend", timezone.localtime(session.ends_at, zone))
    event.add("summary", f"{session.title} ({session.community.name})")
    description = [session.format_name]
    if session.audience:
        description.append(f"For: {session.audience}")
    if session.description:
        description.append(session.description)
    description.append("Voluntary: you can pass every round and leave at any time.")
    event.add("description", "\n\n".join(description))
    event.add("location", f"Zenora room: {session.room.name}")
    event.add("url", f"{settings.SITE_URL}{session.get_absolute_url()}")
    event.add("sequence", session.revision)
    event.add("status", "CANCELLED" if session.state == DebriefSession.State.CANCELLED else "CONFIRMED")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
