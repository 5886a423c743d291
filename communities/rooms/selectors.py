"""Reads for live chat. Every list is bounded; every page runs a fixed number of queries."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from communities.models import Community, Membership
from communities.permissions import remember_membership
from communities.rooms.models import ChatMessage, ChatMute, ChatReadState, ChatRoom
from communities.rooms.permissions import check_view_room

PAGE_SIZE = 50
REPLAY_BATCH = 200


def room_for_member(user, slug: str, room_slug: str) -> ChatRoom:
    """The room and the person's membership, or 404 when they may not see it."""
    room = get_object_or_404(
        ChatRoom.objects.select_related("community"), community__slug=slug, slug=room_slug
    )
    # With the end of any mute in this room: the page asks whether the person may send.
    membership = sender_membership(user, room) if user.is_authenticated else None
    remember_membership(user, room.community, membership)
    check_view_room(user, room)
    return room


def room_for_socket(user, room_id: int) -> ChatRoom:
    room = get_object_or_404(ChatRoom.objects.select_related("community"), pk=room_id)
    membership = Membership.objects.filter(community=room.community, user=user).first()
    remember_membership(user, room.community, membership)
    check_view_room(user, room)
    return room


def sender_membership(user, room: ChatRoom) -> Membership | None:
    """The person's membership with the end of any active mute in this room, in one query."""
    mute_until = ChatMute.objects.filter(room=room, user=user, until__gt=timezone.now()).values("until")[:1]
    return (
        Membership.objects.filter(community_id=room.community_id, user=user)
        .annotate(chat_muted_until=Subquery(mute_until))
        .first()
    )


def rooms_with_unread(community: Community, user, *, include_archived: bool = False) -> QuerySet[ChatRoom]:
    """The community's rooms, each with how many messages from others this person hasn't read."""
    last_read = Subquery(
        ChatReadState.objects.filter(room=OuterRef("pk"), user=user).values("last_read_seq")[:1],
        output_field=IntegerField(),
    )
    unread = Subquery(
        ChatMessage.objects.filter(
            room=OuterRef("pk"), deleted_at__isnull=True, seq__gt=OuterRef("read_upto")
        )
        .exclude(author=user)
        .order_by()
        .values("room")
        .annotate(n=Count("pk"))
        .values("n")[:1],
        output_field=IntegerField(),
    )
    rooms = ChatRoom.objects.filter(community=community)
    if not include_archived:
        rooms = rooms.filter(archived_at__isnull=True)
    return rooms.annotate(read_upto=Coalesce(last_read, Value(0))).annotate(unread=Coalesce(unread, Value(0)))


def _messages(room: ChatRoom) -> QuerySet[ChatMessage]:
    return ChatMessage.objects.filter(room=room).select_related("author")


def latest_messages(room: ChatRoom, *, limit: int = PAGE_SIZE) -> list[ChatMessage]:
    return list(reversed(_messages(room).order_by("-seq")[:limit]))


def messages_before(room: ChatRoom, before_seq: int, *, limit: int = PAGE_SIZE) -> list[ChatMessage]:
    return list(reversed(_messages(room).filter(seq__lt=before_seq).order_by("-seq")[:limit]))


def messages_after(room: ChatRoom, after_seq: int, *, limit: int = REPLAY_BATCH) -> list[ChatMessage]:
    return list(_messages(room).filter(seq__gt=after_seq).order_by("seq")[:limit])


def message_in_room(room: ChatRoom, seq: int) -> ChatMessage:
    return get_object_or_404(_messages(room), seq=seq)
