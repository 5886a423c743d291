"""Who may do what in a live room: the community's own rules, plus lock, archive and mute."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from communities.permissions import can_moderate, can_post_in, can_view_content, check_post_in, membership_of
from communities.rooms.models import ChatMute, ChatRoom


def can_view_room(user, room: ChatRoom) -> bool:
    if not can_view_content(user, room.community):
        return False
    return not room.is_archived or can_moderate(user, room.community)


def check_view_room(user, room: ChatRoom) -> None:
    if not can_view_room(user, room):
        raise Http404("No such room.")


def active_mute(user, room: ChatRoom) -> ChatMute | None:
    membership = membership_of(user, room.community)
    if membership is not None and hasattr(membership, "chat_muted_until"):
        # Fetched together with the membership (chat_selectors.sender_membership).
        until = membership.chat_muted_until
        return ChatMute(room=room, user=user, until=until) if until else None
    return ChatMute.objects.filter(room=room, user=user, until__gt=timezone.now()).first()


def can_send_in_room(user, room: ChatRoom) -> bool:
    if not can_view_room(user, room) or not can_post_in(user, room.community) or room.is_archived:
        return False
    return not room.is_locked or can_moderate(user, room.community)


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


def can_moderate_room(user, room: ChatRoom) -> bool:
    return can_view_content(user, room.community) and can_moderate(user, room.community)


def check_moderate_room(user, room: ChatRoom) -> None:
    check_view_room(user, room)
    if not can_moderate(user, room.community):
        raise PermissionDenied("Only the group's moderators can do that.")
