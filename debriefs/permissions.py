"""Who may do what with a debrief. The community decides: its moderators and owner facilitate,
its members take part, and anyone else is told the session does not exist (404).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from communities.permissions import can_moderate, can_own, check_moderate, check_own, check_view_content
from communities.rooms.permissions import can_view_room
from debriefs.models import DebriefSession, Participant

FACILITATORS_ONLY = "Only the group's facilitators (its moderators and owner) can do that."


def can_view_session(user, session: DebriefSession) -> bool:
    return can_view_room(user, session.room)


def check_view_session(user, session: DebriefSession) -> None:
    if not can_view_session(user, session):
        raise Http404("No such debrief.")


def can_facilitate(user, community) -> bool:
    """Schedule, start, advance, pause for a break and end: the community's moderators and owner."""
    return can_moderate(user, community)


def check_schedule_in(user, community) -> None:
    check_moderate(user, community)


def check_facilitate(user, session: DebriefSession) -> None:
    check_view_session(user, session)
    if not can_facilitate(user, session.community):
        raise PermissionDenied(FACILITATORS_ONLY)


def check_take_part(user, session: DebriefSession) -> None:
    """Joining, passing and checking out: any member who can see the room."""
    check_view_session(user, session)


def is_participant(user, session: DebriefSession) -> bool:
    return Participant.objects.filter(session=session, user=user).exists()


def check_participant(user, session: DebriefSession) -> None:
    check_take_part(user, session)
    if not is_participant(user, session):
        raise PermissionDenied("Join the debrief first; you can still pass every round.")


def can_manage_formats(user, community) -> bool:
    return can_own(user, community)


def check_manage_formats(user, community) -> None:
    check_view_content(user, community)
    check_own(user, community)
