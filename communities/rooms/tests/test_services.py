import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from communities.models import Membership, ModerationLogEntry
from communities.rooms.models import ChatMessage, ChatRoom
from communities.rooms.selectors import messages_after, rooms_with_unread
from communities.rooms.services import (
    RATE_LIMIT_MESSAGES,
    RateLimited,
    chat_mark_read,
    chat_message_create,
    chat_message_delete,
    chat_mute,
    chat_purge_expired,
    chat_room_archive,
    chat_room_create,
    chat_room_lock,
    chat_unmute,
    default_room_ensure,
)
from communities.rooms.tasks import purge_expired_chat
from communities.tests.factories import CommunityFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def room():
    return default_room_ensure(community=CommunityFactory())


def member_of(room, **kwargs):
    return MembershipFactory(community=room.community, **kwargs).user


def test_default_room_is_made_once_per_community(room):
    assert default_room_ensure(community=room.community) == room
    assert ChatRoom.objects.filter(community=room.community).count() == 1
    assert room.name == "Debrief room"


def test_messages_take_strictly_increasing_sequence_numbers(room):
    alice, bob = member_of(room), member_of(room)
    seqs = [
        chat_message_create(author=a, room=room, body=f"m{n}").message.seq
        for n, a in enumerate([alice, bob] * 3)
    ]
    assert seqs == [1, 2, 3, 4, 5, 6]
    room.refresh_from_db()
    assert room.last_seq == 6


def test_the_same_client_id_is_stored_once(room):
    alice = member_of(room)
    client_id = uuid.uuid4()
    first = chat_message_create(author=alice, room=room, body="hello", client_id=client_id)
    again = chat_message_create(author=alice, room=room, body="hello", client_id=client_id)
    assert first.created is True
    assert again.created is False
    assert again.message.pk == first.message.pk
    assert ChatMessage.objects.count() == 1


def test_sequencing_without_postgres_uses_the_orm_path(room, monkeypatch):
    """The embedded default runs on SQLite; its code path must give the same guarantees."""
    alice = member_of(room)
    monkeypatch.setattr(connection, "vendor", "sqlite")
    client_id = uuid.uuid4()
    first = chat_message_create(author=alice, room=room, body="one", client_id=client_id)
    second = chat_message_create(author=alice, room=room, body="two")
    again = chat_message_create(author=alice, room=room, body="one", client_id=client_id)
    assert (first.message.seq, second.message.seq) == (1, 2)
    assert again.created is False
    assert again.message.pk == first.message.pk


@pytest.mark.parametrize(
    ("body", "problem"),
    [("", "Write something"), ("   \n ", "Write something"), ("x" * 4001, "4000 characters")],
)
def test_empty_or_oversized_messages_are_refused_with_a_reason(room, body, problem):
    with pytest.raises(ValidationError) as refused:
        chat_message_create(author=member_of(room), room=room, body=body)
    assert problem in str(refused.value)
    assert ChatMessage.objects.count() == 0


def test_markup_in_a_message_is_sanitised(room):
    sent = chat_message_create(
        author=member_of(room), room=room, body="<script>alert(1)</script> **ok** [x](javascript:alert(1))"
    )
    assert "<script" not in sent.message.html
    assert "javascript:" not in sent.message.html
    assert "<strong>ok</strong>" in sent.message.html


def test_outsiders_cannot_write_and_do_not_learn_the_room_exists(room):
    from django.http import Http404

    with pytest.raises(Http404):
        chat_message_create(author=UserFactory(), room=room, body="hi")


def test_the_same_checks_as_the_forum_apply(room):
    suspended = member_of(
        room, state=Membership.State.SUSPENDED, suspended_until=timezone.now() + timedelta(days=1)
    )
    no_guidelines = member_of(room, guidelines_accepted_version=0)
    with pytest.raises(PermissionDenied, match="suspended"):
        chat_message_create(author=suspended, room=room, body="hi")
    with pytest.raises(PermissionDenied, match="guidelines"):
        chat_message_create(author=no_guidelines, room=room, body="hi")


def test_a_locked_room_takes_messages_only_from_moderators(room):
    moderator = member_of(room, role=Membership.Role.MODERATOR)
    member = member_of(room)
    chat_room_lock(actor=moderator, room=room, locked=True, reason="a pause after a hard thread")
    with pytest.raises(PermissionDenied, match="locked"):
        chat_message_create(author=member, room=room, body="hi")
    assert chat_message_create(author=moderator, room=room, body="We'll reopen at five.").created
    entry = ModerationLogEntry.objects.get()
    assert (entry.moderator, entry.action, entry.reason) == (
        moderator,
        "lock_room",
        "a pause after a hard thread",
    )


def test_a_muted_member_is_told_until_when_and_can_write_again_after(room):
    moderator = member_of(room, role=Membership.Role.MODERATOR)
    member = member_of(room)
    chat_mute(actor=moderator, room=room, user=member, minutes=10)
    with pytest.raises(PermissionDenied, match="paused your messages"):
        chat_message_create(author=member, room=room, body="hi")
    chat_unmute(actor=moderator, room=room, user=member)
    assert chat_message_create(author=member, room=room, body="hi").created
    assert list(ModerationLogEntry.objects.values_list("action", flat=True).order_by("created_at")) == [
        "mute",
        "unmute",
    ]


def test_members_cannot_moderate(room):
    member, other = member_of(room), member_of(room)
    with pytest.raises(PermissionDenied):
        chat_room_lock(actor=member, room=room, locked=True)
    with pytest.raises(PermissionDenied):
        chat_mute(actor=member, room=room, user=other, minutes=10)
    message = chat_message_create(author=other, room=room, body="mine").message
    with pytest.raises(PermissionDenied):
        chat_message_delete(actor=member, message=message)


def test_mutes_must_be_between_a_minute_and_a_week(room):
    moderator, member = member_of(room, role=Membership.Role.MODERATOR), member_of(room)
    for minutes in (0, -5, 8 * 24 * 60):
        with pytest.raises(ValidationError):
            chat_mute(actor=moderator, room=room, user=member, minutes=minutes)


def test_deleting_removes_the_text_and_logs_who_did_it(room):
    moderator, member = member_of(room, role=Membership.Role.MODERATOR), member_of(room)
    message = chat_message_create(author=member, room=room, body="too much detail").message
    chat_message_delete(actor=moderator, message=message, reason="graphic detail")
    message.refresh_from_db()
    assert message.is_deleted
    assert (message.body, message.html) == ("", "")
    entry = ModerationLogEntry.objects.get()
    assert (entry.target_user, entry.reason) == (member, "graphic detail")


def test_authors_may_remove_their_own_message_without_a_log_entry(room):
    member = member_of(room)
    message = chat_message_create(author=member, room=room, body="oops").message
    chat_message_delete(actor=member, message=message)
    message.refresh_from_db()
    assert message.is_deleted
    assert not ModerationLogEntry.objects.exists()


def test_sending_too_fast_is_refused_with_a_clear_message(room):
    member = member_of(room)
    for n in range(RATE_LIMIT_MESSAGES):
        chat_message_create(author=member, room=room, body=f"m{n}")
    with pytest.raises(RateLimited, match="message is kept"):
        chat_message_create(author=member, room=room, body="one too many")


def test_rooms_are_made_and_archived_by_moderators(room):
    moderator = member_of(room, role=Membership.Role.MODERATOR)
    new = chat_room_create(actor=moderator, community=room.community, name="New", topic="", retention_days=7)
    assert new.slug == "new-room"
    chat_room_archive(actor=moderator, room=new, archived=True)
    assert new.is_archived
    with pytest.raises(PermissionDenied):
        chat_room_archive(actor=moderator, room=room, archived=True)
    with pytest.raises(ValidationError):
        chat_room_create(actor=moderator, community=room.community, name="  ", topic="", retention_days=7)


def test_unread_counts_only_others_messages_after_my_read_position(room):
    me, other = member_of(room), member_of(room)
    chat_message_create(author=other, room=room, body="one")
    chat_message_create(author=me, room=room, body="mine")
    second = chat_message_create(author=other, room=room, body="two").message
    assert rooms_with_unread(room.community, me).get(pk=room.pk).unread == 2
    chat_mark_read(user=me, room=room, seq=second.seq - 1)
    assert rooms_with_unread(room.community, me).get(pk=room.pk).unread == 1
    chat_mark_read(user=me, room=room, seq=0)  # never moves backwards
    assert rooms_with_unread(room.community, me).get(pk=room.pk).unread == 1


def test_retention_purges_only_what_has_expired(room):
    member = member_of(room)
    keep_forever = chat_room_create(
        actor=member_of(room, role=Membership.Role.OWNER),
        community=room.community,
        name="Archive",
        topic="",
        retention_days=ChatRoom.Retention.FOREVER,
    )
    old = chat_message_create(author=member, room=room, body="old").message
    recent = chat_message_create(author=member, room=room, body="recent").message
    kept = chat_message_create(author=member, room=keep_forever, body="kept").message
    ChatMessage.objects.filter(pk__in=[old.pk, kept.pk]).update(
        created_at=timezone.now() - timedelta(days=31)
    )

    assert purge_expired_chat() == 1
    assert set(ChatMessage.objects.values_list("pk", flat=True)) == {recent.pk, kept.pk}
    assert chat_purge_expired() == 0


def test_end_of_day_retention_clears_yesterday(room):
    room.retention_days = ChatRoom.Retention.END_OF_DAY
    room.save()
    message = chat_message_create(author=member_of(room), room=room, body="today").message
    assert chat_purge_expired(now=timezone.now()) == 0
    assert chat_purge_expired(now=timezone.now() + timedelta(days=1)) == 1
    assert not ChatMessage.objects.filter(pk=message.pk).exists()


def test_replay_returns_messages_in_order_after_a_sequence(room):
    member = member_of(room)
    for n in range(5):
        chat_message_create(author=member, room=room, body=f"m{n}")
    assert [m.seq for m in messages_after(room, 2)] == [3, 4, 5]
    assert messages_after(room, 5) == []


def test_a_mention_in_chat_reaches_the_notification_centre(room):
    from notifications.models import Notification

    writer = member_of(room, user__display_name="Priya Shah")
    named = member_of(room, user__display_name="Sam Okafor")
    outsider = UserFactory(display_name="Jo Lind")
    sent = chat_message_create(
        author=writer, room=room, body="@**Sam Okafor** and @**Jo Lind**, coffee after?"
    )
    notice = Notification.objects.get()
    assert notice.recipient == named
    assert notice.kind == "communities.mention"
    assert notice.title == f"Priya Shah mentioned you in Debrief room ({room.community.name})"
    assert notice.url.endswith(f"#m{sent.message.seq}")
    assert not Notification.objects.filter(recipient=outsider).exists()
