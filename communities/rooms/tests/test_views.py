import pytest
from django.urls import reverse

from communities.models import Membership
from communities.rooms.models import ChatMessage, ChatMute, ChatRoom
from communities.rooms.services import chat_message_create, default_room_ensure
from communities.tests.factories import CommunityFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def room():
    return default_room_ensure(community=CommunityFactory())


def url(name: str, room: ChatRoom, *args) -> str:
    return reverse(f"communities:{name}", args=[room.community.slug, room.slug, *args])


def signed_in(client, user):
    client.force_login(user)
    return client


def test_room_pages_answer_404_to_outsiders_and_redirect_visitors(client, room):
    assert client.get(url("room", room)).status_code == 302
    signed_in(client, UserFactory())
    for name in ("room", "room_older", "room_settings"):
        assert client.get(url(name, room)).status_code == 404
    assert client.post(url("room", room), {"body": "hello"}).status_code == 404
    assert client.get(reverse("communities:rooms", args=[room.community.slug])).status_code == 404
    assert not ChatMessage.objects.exists()


def test_the_room_reads_without_javascript_and_a_plain_form_adds_a_message(client, room):
    member = MembershipFactory(community=room.community).user
    chat_message_create(author=member, room=room, body="earlier **words**")
    signed_in(client, member)
    page = client.get(url("room", room))
    assert page.status_code == 200
    assert b"<strong>words</strong>" in page.content
    posted = client.post(url("room", room), {"body": "Sent from a plain form."})
    assert posted.status_code == 302
    assert ChatMessage.objects.filter(body="Sent from a plain form.", author=member).exists()


def test_a_refused_message_keeps_its_text_and_says_why(client, room):
    member = MembershipFactory(community=room.community).user
    moderator = MembershipFactory(community=room.community, role=Membership.Role.MODERATOR).user
    ChatMute.objects.create(room=room, user=member, until="2999-01-01T00:00Z", muted_by=moderator)
    signed_in(client, member)
    response = client.post(url("room", room), {"body": "Something I really need to say."})
    assert response.status_code == 422
    assert "Something I really need to say." in response.content.decode()
    assert "paused your messages" in response.content.decode()
    too_long = client.post(url("room", room), {"body": "x" * 4001})
    assert too_long.status_code == 422
    assert not ChatMessage.objects.exists()


def test_earlier_messages_load_in_pages(client, room):
    member = MembershipFactory(community=room.community).user
    for n in range(60):
        chat_message_create(author=member, room=room, body=f"message number {n}")
        cache_key_reset()
    signed_in(client, member)
    page = client.get(url("room", room)).content.decode()
    assert "message number 59" in page
    assert "message number 9<" not in page
    older = client.get(url("room_older", room), {"before": 11}).content.decode()
    assert older.count('class="chat-message') == 10
    assert "message number 0" in older
    assert client.get(url("room_older", room), {"before": "junk"}).status_code == 200


def cache_key_reset():
    """The per-person rate limit would otherwise stop a test that writes sixty messages."""
    from django.core.cache import cache

    cache.clear()


def test_room_page_runs_the_same_queries_with_few_and_many_messages(
    client, room, django_assert_max_num_queries
):
    member = MembershipFactory(community=room.community).user
    signed_in(client, member)
    others = [MembershipFactory(community=room.community).user for _ in range(3)]

    def fill(count: int) -> None:
        ChatMessage.objects.bulk_create(
            ChatMessage(
                room=room, seq=room.last_seq + n + 1, author=others[n % 3], body="hi", html="<p>hi</p>"
            )
            for n in range(count)
        )
        ChatRoom.objects.filter(pk=room.pk).update(last_seq=room.last_seq + count)
        room.refresh_from_db()

    fill(10)
    client.get(url("room", room))  # the session's first request does one-off work
    with django_assert_max_num_queries(16) as small:
        client.get(url("room", room))
    fill(500)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url("room", room))


def test_moderators_lock_mute_and_remove_through_forms(client, room):
    moderator = MembershipFactory(community=room.community, role=Membership.Role.MODERATOR).user
    member = MembershipFactory(community=room.community).user
    message = chat_message_create(author=member, room=room, body="remove me").message
    signed_in(client, moderator)
    assert client.post(url("room_moderate", room), {"action": "lock", "reason": "pause"}).status_code == 302
    room.refresh_from_db()
    assert room.is_locked
    client.post(url("room_moderate", room), {"action": "mute", "user_id": member.pk, "minutes": 60})
    assert ChatMute.objects.filter(room=room, user=member).exists()
    client.post(url("room_remove", room), {"seq": message.seq})
    message.refresh_from_db()
    assert message.is_deleted
    assert client.post(url("room_remove", room), {"seq": "junk"}).status_code == 302
    assert client.post(url("room_moderate", room), {"action": "explode"}).status_code == 302


def test_members_cannot_use_moderation_forms(client, room):
    member = MembershipFactory(community=room.community).user
    signed_in(client, member)
    client.post(url("room_moderate", room), {"action": "lock"})
    room.refresh_from_db()
    assert not room.is_locked
    assert client.get(url("room_settings", room)).status_code == 403


def test_room_list_shows_unread_counts_and_lets_moderators_add_rooms(client, room):
    moderator = MembershipFactory(community=room.community, role=Membership.Role.OWNER).user
    other = MembershipFactory(community=room.community).user
    chat_message_create(author=other, room=room, body="hello")
    signed_in(client, moderator)
    listing = client.get(reverse("communities:rooms", args=[room.community.slug]))
    assert "1 unread" in listing.content.decode()
    created = client.post(
        reverse("communities:room_create", args=[room.community.slug]),
        {"name": "Evening check-out", "retention_days": 0},
    )
    assert created.status_code == 302
    assert ChatRoom.objects.filter(community=room.community, slug="evening-check-out").exists()
    refused = client.post(
        reverse("communities:room_create", args=[room.community.slug]), {"name": "", "retention_days": 99}
    )
    assert refused.status_code == 422
