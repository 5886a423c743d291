"""Every write for debriefs. What changes a live session reaches every open socket of its room
through ``room_broadcast_on_commit``, after the change is committed.

Voluntary by design: nothing here ever requires anyone to speak. A pass is seen by the
facilitators alone, as "passed"; passes are deleted when the session ends. Check-outs are
anonymous counts (see ``CheckoutTally``).
"""

import zoneinfo
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import dateformat, timezone

from communities.models import Community, Membership
from communities.rooms.models import ChatRoom
from communities.rooms.services import member_socket_group, room_broadcast_on_commit
from communities.selectors import INSIDE, moderators_of
from debriefs.formats import Format, clean_phases, format_for
from debriefs.models import (
    CheckoutMark,
    CheckoutTally,
    CommunityFormat,
    DebriefSession,
    Participant,
    Pass,
    Rsvp,
)
from debriefs.permissions import (
    check_facilitate,
    check_manage_formats,
    check_participant,
    check_schedule_in,
    check_take_part,
)
from notifications.services import notify
from zenora.realtime import broadcast_on_commit

TITLE_MAX = 120
BREAK_SECONDS = 60
STARTING_SOON = timedelta(minutes=15)
FOLLOW_UP_AFTER = timedelta(hours=72)
# A follow-up that could not go out within this long (a worker down for days) is dropped:
# a gentle note a fortnight late would be odd.
FOLLOW_UP_STALE = timedelta(days=7)
CHECKOUT_WINDOW = timedelta(days=2)
# A session nobody ended (the facilitator's connection dropped) is closed after this long.
FORGOTTEN_AFTER = timedelta(hours=6)
SCHEDULE_AHEAD_MAX = timedelta(days=366)


# --- helpers ------------------------------------------------------------------------------


def local_time_text(when: datetime, user) -> str:
    """``when`` in the person's own time zone, in words: "Tue 4 March, 18:00 (Europe/London)"."""
    try:
        zone = zoneinfo.ZoneInfo(user.time_zone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    return f"{dateformat.format(timezone.localtime(when, zone), 'D j F, H:i')} ({zone.key})"


def _locked(session: DebriefSession) -> DebriefSession:
    """The session's row, locked for this transaction: two clicks on "next" move one phase each."""
    fresh = DebriefSession.objects.select_for_update().select_related("community", "room").get(pk=session.pk)
    # Keep what the caller already fetched with the community (its cached membership).
    fresh.community = session.community
    fresh.room = session.room
    return fresh


def phase_frame(session: DebriefSession) -> dict:
    phase = session.phase
    return {
        "type": "debrief.phase",
        "session": session.pk,
        "index": session.current_phase,
        "count": session.phase_count,
        "name": phase["name"],
        "question": phase["question"],
        "minutes": phase["minutes"],
        "started_at": session.phase_started_at.isoformat() if session.phase_started_at else None,
    }


def break_frame(session: DebriefSession) -> dict:
    until = session.break_until
    return {
        "type": "debrief.break",
        "session": session.pk,
        "until": until.isoformat() if until else None,
        "seconds": max(0, int((until - timezone.now()).total_seconds())) if until else 0,
    }


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": "Give the session a title, for example “Debrief after Tuesday”."})
    if len(title) > TITLE_MAX:
        raise ValidationError({"title": f"Keep the title under {TITLE_MAX} characters."})
    return title


def _clean_start(starts_at: datetime, *, previous: datetime | None = None) -> datetime:
    now = timezone.now()
    if starts_at is None:
        raise ValidationError({"starts_at": "Choose a date and time."})
    if starts_at < now - timedelta(minutes=5) and starts_at != previous:
        raise ValidationError({"starts_at": "Choose a time in the future."})
    if starts_at > now + SCHEDULE_AHEAD_MAX:
        raise ValidationError({"starts_at": "Choose a time within the next year."})
    return starts_at


def _check_room(room: ChatRoom, community: Community) -> None:
    if room.community_id != community.pk or room.is_archived:
        raise ValidationError({"room": "Choose one of the group's open rooms."})


def _session_url(session: DebriefSession) -> str:
    return reverse("debriefs:detail", args=[session.pk])


def _members(community: Community, *, exclude=None) -> list:
    memberships = Membership.objects.filter(community=community, state__in=INSIDE).select_related("user")
    if exclude is not None:
        memberships = memberships.exclude(user=exclude)
    return [membership.user for membership in memberships]


def _rsvp_users(session: DebriefSession) -> list:
    return [rsvp.user for rsvp in Rsvp.objects.filter(session=session).select_related("user")]


# --- scheduling ---------------------------------------------------------------------------


@transaction.atomic
def session_schedule(
    *,
    actor,
    community: Community,
    room: ChatRoom,
    title: str,
    starts_at: datetime,
    format_key: str,
    description: str = "",
    audience: str = "",
) -> DebriefSession:
    check_schedule_in(actor, community)
    _check_room(room, community)
    chosen: Format = format_for(community, format_key)
    session = DebriefSession.objects.create(
        community=community,
        room=room,
        facilitator=actor,
        title=_clean_title(title),
        starts_at=_clean_start(starts_at),
        description=(description or "").strip()[:2000],
        audience=" ".join((audience or "").split())[:200],
        format_key=chosen.key,
        format_name=chosen.name,
        phases=chosen.phases_as_data(),
    )
    for member in _members(community, exclude=actor):
        notify(
            recipient=member,
            actor=actor,
            kind="debriefs.scheduled",
            title=f"Debrief “{session.title}” in {community.name}: {local_time_text(session.starts_at, member)}",
            url=_session_url(session),
        )
    return session


@transaction.atomic
def session_update(
    *,
    actor,
    session: DebriefSession,
    title: str,
    starts_at: datetime,
    format_key: str,
    description: str = "",
    audience: str = "",
) -> DebriefSession:
    check_facilitate(actor, session)
    session = _locked(session)
    if not session.is_scheduled:
        raise PermissionDenied("Only a session that hasn't started can be changed.")
    moved = starts_at != session.starts_at
    session.title = _clean_title(title)
    session.starts_at = _clean_start(starts_at, previous=session.starts_at)
    session.description = (description or "").strip()[:2000]
    session.audience = " ".join((audience or "").split())[:200]
    if format_key != session.format_key:
        chosen = format_for(session.community, format_key)
        session.format_key, session.format_name = chosen.key, chosen.name
        session.phases = chosen.phases_as_data()
    session.revision += 1
    if moved:
        session.reminder_sent_at = None  # the "starting soon" note follows the new time
    session.save()
    for person in _rsvp_users(session):
        notify(
            recipient=person,
            actor=actor,
            kind="debriefs.scheduled",
            title=(
                f"Debrief “{session.title}” has moved: now {local_time_text(session.starts_at, person)}"
                if moved
                else f"Debrief “{session.title}” was updated"
            ),
            url=_session_url(session),
        )
    return session


@transaction.atomic
def session_cancel(*, actor, session: DebriefSession) -> DebriefSession:
    check_facilitate(actor, session)
    session = _locked(session)
    if not session.is_scheduled:
        raise PermissionDenied("Only a session that hasn't started can be cancelled.")
    session.state = DebriefSession.State.CANCELLED
    session.revision += 1
    session.save(update_fields=["state", "revision"])
    for person in _rsvp_users(session):
        notify(
            recipient=person,
            actor=actor,
            kind="debriefs.cancelled",
            title=f"Debrief “{session.title}” on {local_time_text(session.starts_at, person)} is cancelled",
            url=_session_url(session),
        )
    return session


@transaction.atomic
def rsvp_set(*, user, session: DebriefSession, coming: bool) -> bool:
    """Say "I'll come" (or take it back). Returns whether the person is now coming."""
    check_take_part(user, session)
    if session.state not in (DebriefSession.State.SCHEDULED, DebriefSession.State.LIVE):
        raise PermissionDenied("This session is over.")
    if coming:
        Rsvp.objects.get_or_create(session=session, user=user)
    else:
        Rsvp.objects.filter(session=session, user=user).delete()
    return coming


# --- running a session --------------------------------------------------------------------


@transaction.atomic
def session_start(*, actor, session: DebriefSession) -> DebriefSession:
    check_facilitate(actor, session)
    session = _locked(session)
    if not session.is_scheduled:
        raise PermissionDenied("This session has already started, ended or been cancelled.")
    if DebriefSession.objects.filter(room=session.room, state=DebriefSession.State.LIVE).exists():
        raise PermissionDenied("Another debrief is running in this room; end it first.")
    now = timezone.now()
    session.state = DebriefSession.State.LIVE
    session.started_at = now
    session.phase_started_at = now
    session.current_phase = session.furthest_phase = 0
    session.break_until = None
    if session.facilitator_id is None:
        session.facilitator = actor
    session.save()
    # The facilitator is part of the session from the start.
    Participant.objects.get_or_create(session=session, user=actor)
    room_broadcast_on_commit(session.room, {"type": "debrief.started", "session": session.pk})
    room_broadcast_on_commit(session.room, phase_frame(session))
    return session


def _check_live(session: DebriefSession) -> None:
    if not session.is_live:
        raise PermissionDenied("This debrief isn't running.")


@transaction.atomic
def phase_move(*, actor, session: DebriefSession, step: int) -> DebriefSession:
    """Go to the next phase (step 1) or back (step -1); the timer starts again."""
    check_facilitate(actor, session)
    session = _locked(session)
    _check_live(session)
    target = session.current_phase + step
    if not 0 <= target < session.phase_count:
        raise PermissionDenied(
            "This is the last phase; end the session when you're ready."
            if step > 0
            else "This is the first phase."
        )
    session.current_phase = target
    session.furthest_phase = max(session.furthest_phase, target)
    session.phase_started_at = timezone.now()
    session.save(update_fields=["current_phase", "furthest_phase", "phase_started_at"])
    room_broadcast_on_commit(session.room, phase_frame(session))
    return session


def phase_advance(*, actor, session: DebriefSession) -> DebriefSession:
    return phase_move(actor=actor, session=session, step=1)


def phase_back(*, actor, session: DebriefSession) -> DebriefSession:
    return phase_move(actor=actor, session=session, step=-1)


@transaction.atomic
def break_start(*, actor, session: DebriefSession, seconds: int = BREAK_SECONDS) -> DebriefSession:
    """A one-minute grounding break for everyone: a breathing pacer, and the composer pauses."""
    check_facilitate(actor, session)
    session = _locked(session)
    _check_live(session)
    session.break_until = timezone.now() + timedelta(seconds=seconds)
    session.save(update_fields=["break_until"])
    room_broadcast_on_commit(session.room, break_frame(session))
    return session


@transaction.atomic
def break_stop(*, actor, session: DebriefSession) -> DebriefSession:
    check_facilitate(actor, session)
    session = _locked(session)
    _check_live(session)
    session.break_until = None
    session.save(update_fields=["break_until"])
    room_broadcast_on_commit(session.room, break_frame(session))
    return session


def _close(session: DebriefSession, *, now: datetime) -> None:
    session.state = DebriefSession.State.ENDED
    session.ended_at = now
    session.break_until = None
    session.attendance_count = Participant.objects.filter(session=session).count()
    session.save(update_fields=["state", "ended_at", "break_until", "attendance_count"])
    # Who passed which round mattered only while the rounds were going on.
    Pass.objects.filter(session=session).delete()
    room_broadcast_on_commit(session.room, {"type": "debrief.ended", "session": session.pk})


@transaction.atomic
def session_end(*, actor, session: DebriefSession) -> DebriefSession:
    """The room returns to normal; participants are offered the anonymous check-out."""
    check_facilitate(actor, session)
    session = _locked(session)
    _check_live(session)
    _close(session, now=timezone.now())
    return session


# --- taking part --------------------------------------------------------------------------


@transaction.atomic
def participant_join(*, user, session: DebriefSession) -> Participant:
    """Join a live session after reading its ground rules (counted for attendance, nothing more)."""
    check_take_part(user, session)
    _check_live(session)
    participant, created = Participant.objects.get_or_create(session=session, user=user)
    if created:
        count = Participant.objects.filter(session=session).count()
        room_broadcast_on_commit(
            session.room, {"type": "debrief.attendance", "session": session.pk, "count": count}
        )
    return participant


@transaction.atomic
def phase_pass(*, user, session: DebriefSession) -> Pass:
    """Pass this round. The facilitators see "passed" and nothing else; nobody else sees it."""
    check_participant(user, session)
    session = _locked(session)
    _check_live(session)
    passed, created = Pass.objects.get_or_create(session=session, user=user, phase=session.current_phase)
    if created:
        frame = {
            "type": "debrief.passed",
            "session": session.pk,
            "phase": session.current_phase,
            "name": user.display_name,
        }
        # Sent to the facilitators' own sockets only, never to the whole room.
        for moderator in moderators_of(session.community):
            broadcast_on_commit(member_socket_group(moderator.pk), "chat.relay", {"frame": frame})
    return passed


@transaction.atomic
def checkout_answer(*, user, session: DebriefSession, score: int) -> None:
    """One anonymous answer to "How are you leaving?" (1-5), once per person.

    The answer only raises a count; the "answered" mark says who answered but not what.
    """
    check_participant(user, session)
    if session.state != DebriefSession.State.ENDED or session.ended_at < timezone.now() - CHECKOUT_WINDOW:
        raise PermissionDenied("The check-out for this session is closed.")
    if not isinstance(score, int) or not 1 <= score <= 5:
        raise ValidationError({"score": "Choose a number from 1 to 5."})
    try:
        with transaction.atomic():
            CheckoutMark.objects.create(session=session, user=user)
    except IntegrityError:
        raise ValidationError("You've already answered; thank you.") from None
    CheckoutTally.objects.get_or_create(session=session, score=score)
    CheckoutTally.objects.filter(session=session, score=score).update(count=F("count") + 1)


# --- formats ------------------------------------------------------------------------------


@transaction.atomic
def format_create(
    *, actor, community: Community, name: str, phases: list[dict], description: str = ""
) -> CommunityFormat:
    check_manage_formats(actor, community)
    name = " ".join((name or "").split())
    if not name or len(name) > 80:
        raise ValidationError({"name": "Give the format a name of up to 80 characters."})
    try:
        cleaned = clean_phases(phases)
    except ValidationError as error:
        raise ValidationError({"phases": error.messages}) from None
    return CommunityFormat.objects.create(
        community=community,
        name=name,
        description=" ".join((description or "").split())[:300],
        phases=[phase.as_dict() for phase in cleaned],
        created_by=actor,
    )


@transaction.atomic
def format_delete(*, actor, community_format: CommunityFormat) -> None:
    """Sessions keep their own copy of the phases, so removing a format changes none of them."""
    check_manage_formats(actor, community_format.community)
    community_format.delete()


# --- background work (called by Celery tasks) ---------------------------------------------


def send_starting_soon(*, now: datetime | None = None) -> int:
    """Tell everyone who said "I'll come" that a session starts within 15 minutes. Once per session."""
    now = now or timezone.now()
    due = DebriefSession.objects.filter(
        state=DebriefSession.State.SCHEDULED,
        reminder_sent_at__isnull=True,
        starts_at__gt=now - timedelta(minutes=5),
        starts_at__lte=now + STARTING_SOON,
    ).values_list("pk", flat=True)
    sent = 0
    for session_id in list(due):
        sent += _remind(session_id, now=now)
    return sent


@transaction.atomic
def _remind(session_id: int, *, now: datetime) -> int:
    # Claiming the row first makes a second worker (or a re-run) find nothing to do.
    claimed = DebriefSession.objects.filter(pk=session_id, reminder_sent_at__isnull=True).update(
        reminder_sent_at=now
    )
    if not claimed:
        return 0
    session = DebriefSession.objects.select_related("community", "room").get(pk=session_id)
    people = _rsvp_users(session)
    url = session.room.get_absolute_url()
    for person in people:
        notify(
            recipient=person,
            kind="debriefs.starting",
            title=f"Debrief “{session.title}” starts soon: {local_time_text(session.starts_at, person)}",
            url=url,
        )
    return len(people)


def send_follow_ups(*, now: datetime | None = None) -> int:
    """72 hours after a session, a gentle note to each participant. Once per person."""
    now = now or timezone.now()
    due = (
        Participant.objects.filter(
            follow_up_sent_at__isnull=True,
            session__state=DebriefSession.State.ENDED,
            session__ended_at__lte=now - FOLLOW_UP_AFTER,
            session__ended_at__gt=now - FOLLOW_UP_AFTER - FOLLOW_UP_STALE,
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:1000]
    )
    sent = 0
    for participant_id in list(due):
        sent += _follow_up(participant_id, now=now)
    return sent


@transaction.atomic
def _follow_up(participant_id: int, *, now: datetime) -> int:
    claimed = Participant.objects.filter(pk=participant_id, follow_up_sent_at__isnull=True).update(
        follow_up_sent_at=now
    )
    if not claimed:
        return 0
    participant = Participant.objects.select_related("session", "user").get(pk=participant_id)
    notify(
        recipient=participant.user,
        kind="debriefs.follow_up",
        title=f"A few days after “{participant.session.title}”: how are you doing?",
        url=reverse("debriefs:follow_up", args=[participant.session_id]),
    )
    return 1


def end_forgotten_sessions(*, now: datetime | None = None) -> int:
    """Close sessions left running for hours (nobody pressed "end"), so the room returns to normal."""
    now = now or timezone.now()
    ids = list(
        DebriefSession.objects.filter(
            state=DebriefSession.State.LIVE, started_at__lt=now - FORGOTTEN_AFTER
        ).values_list("pk", flat=True)
    )
    for session_id in ids:
        with transaction.atomic():
            session = (
                DebriefSession.objects.select_for_update()
                .select_related("room")
                .filter(pk=session_id)
                .first()
            )
            if session is not None and session.is_live:
                _close(session, now=now)
    return len(ids)
