"""Who may do what with a debrief. The community decides: its moderators and owner facilitate,
its members take part, and anyone else is told the session does not exist (404).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from communities.permissions import can_moderate, check_own, check_view_content
from communities.rooms.permissions import can_view_room
from debriefs.models import DebriefSession, Participant
from zenora.permissions import allowed

FACILITATORS_ONLY = "Only the group's facilitators (its moderators and owner) can do that."


def check_view_session(user, session: DebriefSession) -> None:
    if not can_view_room(user, session.room):
        raise Http404("No such debrief.")


def can_view_session(user, session: DebriefSession) -> bool:
    return allowed(check_view_session, user, session)


def check_schedule_in(user, community) -> None:
    """Schedule, start, advance, pause for a break and end: the community's moderators and owner."""
    check_view_content(user, community)
    if not can_moderate(user, community):
        raise PermissionDenied(FACILITATORS_ONLY)


def can_facilitate(user, community) -> bool:
    return allowed(check_schedule_in, user, community)


def check_facilitate(user, session: DebriefSession) -> None:
    check_view_session(user, session)
    check_schedule_in(user, session.community)


def check_take_part(user, session: DebriefSession) -> None:
    """Joining, passing and checking out: any member who can see the room."""
    check_view_session(user, session)


def is_participant(user, session: DebriefSession) -> bool:
    return Participant.objects.filter(session=session, user=user).exists()


def check_participant(user, session: DebriefSession) -> None:
    check_take_part(user, session)
    if not is_participant(user, session):
        raise PermissionDenied("Join the debrief first; you can still pass every round.")


def check_manage_formats(user, community) -> None:
    check_own(user, community)


def can_manage_formats(user, community) -> bool:
    return allowed(check_manage_formats, user, community)
