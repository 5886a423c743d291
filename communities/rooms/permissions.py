"""Who may do what in a live room: the community's own rules, plus lock, archive and mute.

Each ``check_*`` is the rule; each ``can_*`` asks whether it would pass.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from communities.permissions import can_moderate, check_post_in, check_view_content, membership_of
from communities.rooms.models import ChatMute, ChatRoom
from zenora.permissions import allowed


def check_view_room(user, room: ChatRoom) -> None:
    try:
        check_view_content(user, room.community)
    except Http404:
        raise Http404("No such room.") from None
    if room.is_archived and not can_moderate(user, room.community):
        raise Http404("No such room.")


def can_view_room(user, room: ChatRoom) -> bool:
    return allowed(check_view_room, user, room)


def active_mute(user, room: ChatRoom) -> ChatMute | None:
    membership = membership_of(user, room.community)
    if membership is not None and hasattr(membership, "chat_muted_until"):
        # Fetched together with the membership (communities.rooms.selectors.sender_membership).
        until = membership.chat_muted_until
        return ChatMute(room=room, user=user, until=until) if until else None
    return ChatMute.objects.filter(room=room, user=user, until__gt=timezone.now()).first()


def check_send_in_room(user, room: ChatRoom) -> None:
    """The same checks as a forum post (membership, suspension, guidelines), then the room's own."""
    check_view_room(user, room)
    check_post_in(user, room.community)
    if room.is_archived:
        raise PermissionDenied("This room is archived: you can read it, but not write in it.")
    if room.is_locked and not can_moderate(user, room.community):
        raise PermissionDenied("A moderator has locked this room for now.")
    mute = active_mute(user, room)
    if mute is not None:
        until = timezone.localtime(mute.until)
        raise PermissionDenied(f"A moderator has paused your messages in this room until {until:%H:%M}.")


def can_send_in_room(user, room: ChatRoom) -> bool:
    """Muted members included: the page and the socket agree with what sending would do."""
    return allowed(check_send_in_room, user, room)


def check_moderate_room(user, room: ChatRoom) -> None:
    check_view_room(user, room)
    if not can_moderate(user, room.community):
        raise PermissionDenied("Only the group's moderators can do that.")


def can_moderate_room(user, room: ChatRoom) -> bool:
    return allowed(check_moderate_room, user, room)
