"""Reads for debriefs. Each list is bounded and each function runs a fixed number of queries."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from communities.models import Community, Membership
from communities.permissions import remember_membership
from communities.rooms.models import ChatRoom
from communities.selectors import INSIDE
from debriefs.models import CheckoutMark, CheckoutTally, DebriefSession, Participant, Pass, Rsvp
from debriefs.permissions import can_facilitate, check_view_session
from debriefs.services import CHECKOUT_WINDOW

K_ANONYMITY = 5
UPCOMING_LIMIT = 5
# A session whose start time passed without anyone starting it still shows for a while.
LATE_START_GRACE = timedelta(hours=2)
# After a session ends, its room shows the check-out for this long; later, the session page does.
ROOM_CHECKOUT_FOR = timedelta(hours=2)


def session_for_member(user, pk: int) -> DebriefSession:
    """The session with its community, room and the person's membership; 404 unless they may see it."""
    session = get_object_or_404(
        DebriefSession.objects.select_related("community", "room", "facilitator"), pk=pk
    )
    membership = (
        Membership.objects.filter(community=session.community, user=user).first()
        if user.is_authenticated
        else None
    )
    remember_membership(user, session.community, membership)
    session.room.community = session.community  # one community object, one membership cache
    check_view_session(user, session)
    return session


def _with_rsvp(sessions: QuerySet[DebriefSession], user) -> QuerySet[DebriefSession]:
    return sessions.annotate(
        is_coming=Exists(Rsvp.objects.filter(session=OuterRef("pk"), user=user)),
        coming_count=Count("rsvps", distinct=True),
    )


def _current(sessions: QuerySet[DebriefSession]) -> QuerySet[DebriefSession]:
    now = timezone.now()
    return sessions.filter(
        Q(state=DebriefSession.State.LIVE)
        | Q(state=DebriefSession.State.SCHEDULED, starts_at__gte=now - LATE_START_GRACE)
    )


def upcoming_in(community: Community, user, *, limit: int = UPCOMING_LIMIT) -> list[DebriefSession]:
    sessions = _current(DebriefSession.objects.filter(community=community)).select_related("room")
    return list(_with_rsvp(sessions, user).order_by("starts_at", "pk")[:limit])


def upcoming_for_user(user, *, limit: int = UPCOMING_LIMIT) -> list[DebriefSession]:
    """Sessions in every group the person is inside: for the Today page. One query."""
    inside = Membership.objects.filter(user=user, state__in=INSIDE).values("community_id")
    sessions = _current(DebriefSession.objects.filter(community_id__in=inside)).select_related(
        "community", "room"
    )
    return list(_with_rsvp(sessions, user).order_by("starts_at", "pk")[:limit])


def past_in(community: Community) -> QuerySet[DebriefSession]:
    return DebriefSession.objects.filter(
        community=community, state__in=[DebriefSession.State.ENDED, DebriefSession.State.CANCELLED]
    ).order_by("-starts_at", "-pk")


def is_coming(user, session: DebriefSession) -> bool:
    return Rsvp.objects.filter(session=session, user=user).exists()


def coming_count(session: DebriefSession) -> int:
    return Rsvp.objects.filter(session=session).count()


# --- the panel in the room ----------------------------------------------------------------


@dataclass
class Panel:
    session: DebriefSession | None
    facilitating: bool = False
    joined: bool = False
    passed: bool = False
    attendance: int = 0
    passes: list[str] | None = None
    checkout_open: bool = False
    checked_out: bool = False
    next_session: DebriefSession | None = None
    break_active: bool = False
    break_seconds: int = 0

    @property
    def live(self) -> bool:
        return self.session is not None and self.session.is_live

    @property
    def ended(self) -> bool:
        return self.session is not None and self.session.state == DebriefSession.State.ENDED


def room_panel(room: ChatRoom, user) -> Panel:
    """What the debrief panel of a room shows this person, in one query (two for a facilitator
    during a session): the live session; else the one that just ended; else the next one."""
    now = timezone.now()
    session = (
        DebriefSession.objects.filter(room=room)
        .filter(
            Q(state=DebriefSession.State.LIVE)
            | Q(state=DebriefSession.State.ENDED, ended_at__gte=now - ROOM_CHECKOUT_FOR)
            | Q(state=DebriefSession.State.SCHEDULED, starts_at__gte=now - LATE_START_GRACE)
        )
        .select_related("facilitator")
        .annotate(
            priority=Case(
                When(state=DebriefSession.State.LIVE, then=Value(0)),
                When(state=DebriefSession.State.ENDED, then=Value(1)),
                default=Value(2),
            ),
            joined=Exists(Participant.objects.filter(session=OuterRef("pk"), user=user)),
            passed=Exists(
                Pass.objects.filter(session=OuterRef("pk"), user=user, phase=OuterRef("current_phase"))
            ),
            checked_out=Exists(CheckoutMark.objects.filter(session=OuterRef("pk"), user=user)),
            attendance=Count("participants", distinct=True),
        )
        .order_by("priority", F("ended_at").desc(nulls_last=True), "starts_at")
        .first()
    )
    facilitating = can_facilitate(user, room.community)
    if session is None:
        return Panel(session=None, facilitating=facilitating)
    if session.is_scheduled:
        return Panel(session=None, facilitating=facilitating, next_session=session)
    session.community = room.community
    session.room = room
    panel = Panel(
        session=session,
        facilitating=facilitating,
        joined=session.joined,
        passed=session.passed,
        attendance=session.attendance,
        checked_out=session.checked_out,
        break_active=bool(session.break_until and session.break_until > now),
    )
    if panel.break_active:
        # Seconds left rather than an instant: the browser's clock may differ from ours.
        panel.break_seconds = max(1, int((session.break_until - now).total_seconds()))
    if panel.ended:
        panel.checkout_open = session.joined and not session.checked_out
    if panel.live and facilitating:
        panel.passes = passes_this_round(session)
    return panel


def passes_this_round(session: DebriefSession) -> list[str]:
    return list(
        Pass.objects.filter(session=session, phase=session.current_phase)
        .order_by("user__display_name")
        .values_list("user__display_name", flat=True)
    )


# --- after a session ----------------------------------------------------------------------


def checkout_state(user, session: DebriefSession) -> dict[str, bool]:
    """Whether this person may still answer the check-out, and whether they already did."""
    if session.state != DebriefSession.State.ENDED:
        return {"open": False, "answered": False}
    joined = Participant.objects.filter(session=session, user=user).exists()
    answered = CheckoutMark.objects.filter(session=session, user=user).exists()
    window = session.ended_at is not None and session.ended_at >= timezone.now() - CHECKOUT_WINDOW
    return {"open": joined and window and not answered, "answered": answered}


@dataclass(frozen=True)
class Summary:
    """For the facilitators: what happened, never what was said."""

    date: Any
    format_name: str
    attendance: int
    phases_completed: int
    phase_count: int
    phase_names: list[str]
    answered: int
    # None below K_ANONYMITY answers: the distribution stays private.
    distribution: list[tuple[int, int]] | None

    @property
    def checkout_private(self) -> bool:
        return self.distribution is None


def session_summary(session: DebriefSession) -> Summary:
    counts = dict(CheckoutTally.objects.filter(session=session).values_list("score", "count"))
    answered = sum(counts.values())
    distribution = (
        [(score, counts.get(score, 0)) for score in range(1, 6)] if answered >= K_ANONYMITY else None
    )
    completed = session.phases_completed
    return Summary(
        date=session.started_at or session.starts_at,
        format_name=session.format_name,
        attendance=session.attendance_count,
        phases_completed=completed,
        phase_count=session.phase_count,
        phase_names=[phase["name"] for phase in session.phases[:completed]],
        answered=answered,
        distribution=distribution,
    )


# --- personal data ------------------------------------------------------------------------


def debriefs_export(user) -> dict[str, Any]:
    """What Zenora holds about a person's debriefs. Check-out answers cannot be traced to anyone,
    so only the fact of answering is listed."""

    def session_data(session: DebriefSession) -> dict[str, Any]:
        return {
            "title": session.title,
            "community": session.community.name,
            "starts_at": session.starts_at.isoformat(),
            "state": session.state,
        }

    rsvps = Rsvp.objects.filter(user=user).select_related("session__community").order_by("created_at")
    joined = Participant.objects.filter(user=user).select_related("session__community").order_by("joined_at")
    marks = CheckoutMark.objects.filter(user=user).select_related("session__community").order_by("pk")
    facilitated = DebriefSession.objects.filter(facilitator=user).select_related("community").order_by("pk")
    return {
        "said_i_will_come": [{**session_data(r.session), "said_at": r.created_at.isoformat()} for r in rsvps],
        "took_part": [{**session_data(p.session), "joined_at": p.joined_at.isoformat()} for p in joined],
        "answered_check_out": [session_data(m.session) for m in marks],
        "facilitated": [session_data(s) for s in facilitated],
    }
