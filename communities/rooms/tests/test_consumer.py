"""The room socket against the real Redis pub/sub layer and PostgreSQL."""

import json
import uuid
from types import SimpleNamespace

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from communities.models import Membership
from communities.rooms.models import ChatMessage
from communities.rooms.services import default_room_ensure
from communities.tests.factories import CommunityFactory, MembershipFactory, UserFactory
from config.asgi import application

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def room_setup():
    community = CommunityFactory()
    moderator = MembershipFactory(community=community, role=Membership.Role.MODERATOR).user
    alice = MembershipFactory(community=community).user
    bob = MembershipFactory(community=community).user
    outsider = UserFactory()
    room = default_room_ensure(community=community)
    return SimpleNamespace(
        community=community, room=room, moderator=moderator, alice=alice, bob=bob, outsider=outsider
    )


def _session_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


async def open_socket(room, user=None, *, origin: str = "http://127.0.0.1", client: Client | None = None):
    headers = [(b"origin", origin.encode()), (b"host", b"127.0.0.1")]
    if user is not None:
        client = client or await sync_to_async(_session_client)(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()))
    socket = WebsocketCommunicator(application, f"/ws/rooms/{room.pk}/", headers=headers)
    connected, _ = await socket.connect(timeout=5)
    return socket, connected


async def joined(room, user):
    """A member's socket, past its "ready" frame and its own presence echo."""
    socket, connected = await open_socket(room, user)
    assert connected
    ready = await socket.receive_json_from(timeout=5)
    assert ready["type"] == "ready"
    await drain(socket)
    return socket


async def drain(socket, *, settle: float = 0.3) -> list[dict]:
    """Every frame that arrives until the socket has been quiet for ``settle`` seconds."""
    frames = []
    # receive_nothing waits without cancelling the consumer (a timed-out receive would).
    while not await socket.receive_nothing(timeout=settle, interval=0.02):
        frames.append(await socket.receive_json_from(timeout=5))
    return frames


async def frames_until(socket, predicate, *, timeout: float = 5) -> list[dict]:
    frames = []
    while True:
        frame = await socket.receive_json_from(timeout=timeout)
        frames.append(frame)
        if predicate(frame):
            return frames


def message_seqs(frames) -> list[int]:
    return [f["message"]["seq"] for f in frames if f["type"] == "message"]


async def send_text(socket, body: str, client_id: str | None = None) -> str:
    client_id = client_id or str(uuid.uuid4())
    await socket.send_json_to({"type": "send", "client_id": client_id, "body": body})
    return client_id


async def test_socket_without_a_session_is_closed_as_signed_out(room_setup):
    socket, connected = await open_socket(room_setup.room)
    assert connected
    closed = await socket.receive_output(timeout=5)
    assert closed == {"type": "websocket.close", "code": 4401}


async def test_socket_of_a_non_member_is_closed_without_revealing_the_room(room_setup):
    socket, connected = await open_socket(room_setup.room, room_setup.outsider)
    assert connected
    assert await socket.receive_output(timeout=5) == {"type": "websocket.close", "code": 4403}


async def test_socket_from_another_origin_is_refused_at_the_handshake(room_setup):
    socket, connected = await open_socket(room_setup.room, room_setup.alice, origin="https://evil.example")
    assert connected is False


async def test_message_is_stored_then_reaches_every_member_with_its_sequence(room_setup):
    alice = await joined(room_setup.room, room_setup.alice)
    bob = await joined(room_setup.room, room_setup.bob)
    client_id = await send_text(alice, "Rough afternoon. Glad you're all here.")

    alice_frames = await frames_until(alice, lambda f: f["type"] == "ack")
    bob_frames = await frames_until(bob, lambda f: f["type"] == "message")

    stored = await sync_to_async(ChatMessage.objects.get)(client_id=client_id)
    assert stored.body == "Rough afternoon. Glad you're all here."
    assert bob_frames[-1]["message"]["seq"] == stored.seq == 1
    assert "Rough afternoon." in bob_frames[-1]["message"]["html"]
    assert {"type": "ack", "client_id": client_id, "seq": 1} in alice_frames
    await alice.disconnect()
    await bob.disconnect()


async def test_malformed_and_oversized_frames_get_an_error_and_the_socket_stays_usable(room_setup):
    alice = await joined(room_setup.room, room_setup.alice)
    await alice.send_to(text_data="{not json")
    assert (await alice.receive_json_from(timeout=5))["code"] == "malformed"
    await alice.send_to(
        text_data=json.dumps({"type": "send", "client_id": str(uuid.uuid4()), "body": "x" * 9000})
    )
    assert (await alice.receive_json_from(timeout=5))["code"] == "too_large"
    await alice.send_json_to({"type": "launch-missiles"})
    assert (await alice.receive_json_from(timeout=5))["code"] == "unknown_type"
    await alice.send_json_to(["a", "list"])
    assert (await alice.receive_json_from(timeout=5))["code"] == "malformed"
    await alice.send_json_to({"type": "send", "client_id": "not-a-uuid", "body": "hello"})
    assert (await alice.receive_json_from(timeout=5))["code"] == "malformed"
    too_long = await send_text(alice, "y" * 4001)
    refused = await alice.receive_json_from(timeout=5)
    assert refused["code"] == "refused"
    assert refused["client_id"] == too_long
    assert "4000" in refused["message"]

    await alice.send_json_to({"type": "ping"})
    assert await alice.receive_json_from(timeout=5) == {"type": "pong", "last_seq": 0}
    assert await sync_to_async(ChatMessage.objects.count)() == 0
    await alice.disconnect()


async def test_a_flood_of_frames_is_slowed_with_a_clear_message(room_setup):
    alice = await joined(room_setup.room, room_setup.alice)
    for _ in range(40):
        await alice.send_json_to({"type": "ping"})
    frames = await drain(alice, settle=0.5)
    errors = [f for f in frames if f["type"] == "error"]
    assert errors
    assert errors[0]["code"] == "rate_limited"
    assert "slow down" in errors[0]["message"]
    await alice.disconnect()


async def test_messages_flooded_beyond_the_per_person_limit_are_refused_but_not_lost(room_setup):
    alice = await joined(room_setup.room, room_setup.alice)
    ids = [await send_text(alice, f"message {n}") for n in range(15)]
    frames = await drain(alice, settle=0.8)
    limited = {f["client_id"] for f in frames if f["type"] == "error" and f["code"] == "rate_limited"}
    acked = {f["client_id"] for f in frames if f["type"] == "ack"}
    assert len(acked) == 12
    assert limited == set(ids) - acked
    await alice.disconnect()


async def test_every_member_sees_the_same_strictly_increasing_order(room_setup):
    alice = await joined(room_setup.room, room_setup.alice)
    bob = await joined(room_setup.room, room_setup.bob)
    for n in range(5):
        await send_text(alice, f"alice {n}")
        await send_text(bob, f"bob {n}")
    alice_seen = message_seqs(await drain(alice, settle=0.8))
    bob_seen = message_seqs(await drain(bob, settle=0.8))
    assert alice_seen == bob_seen == list(range(1, 11))
    await alice.disconnect()
    await bob.disconnect()


async def test_a_member_who_reconnects_gets_what_they_missed_exactly_once(room_setup):
    alice = await joined(room_setup.room, room_setup.alice)
    bob = await joined(room_setup.room, room_setup.bob)
    await send_text(alice, "before the drop")
    bob_seen = message_seqs(await frames_until(bob, lambda f: f["type"] == "message"))
    await bob.disconnect()

    for n in range(3):
        await send_text(alice, f"while bob was away {n}")
    await drain(alice, settle=0.5)

    bob = await joined(room_setup.room, room_setup.bob)
    await bob.send_json_to({"type": "replay", "after": bob_seen[-1]})
    replay = await frames_until(bob, lambda f: f["type"] == "replay_done")
    assert message_seqs(replay) == [2, 3, 4]
    assert replay[-1] == {"type": "replay_done", "last_seq": 4}
    await alice.disconnect()
    await bob.disconnect()


async def test_a_resend_with_the_same_client_id_is_stored_once(room_setup):
    alice = await joined(room_setup.room, room_setup.alice)
    client_id = await send_text(alice, "sent twice after a wobble")
    first = await frames_until(alice, lambda f: f["type"] == "ack")
    await drain(alice)  # the broadcast of the first send
    await send_text(alice, "sent twice after a wobble", client_id=client_id)
    second = await frames_until(alice, lambda f: f["type"] == "ack")

    assert first[-1]["seq"] == second[-1]["seq"]
    assert [f["message"]["client_id"] for f in second if f["type"] == "message"] == [client_id]
    assert await sync_to_async(ChatMessage.objects.filter(client_id=client_id).count)() == 1
    await alice.disconnect()


async def test_a_moderator_removes_a_message_for_everyone(room_setup):
    moderator = await joined(room_setup.room, room_setup.moderator)
    alice = await joined(room_setup.room, room_setup.alice)
    await send_text(alice, "something that should not stay")
    await frames_until(moderator, lambda f: f["type"] == "message")
    await drain(alice)

    await moderator.send_json_to({"type": "delete", "seq": 1})
    update = (await frames_until(alice, lambda f: f["type"] == "updated"))[-1]
    assert "This message was removed." in update["message"]["html"]
    assert "should not stay" not in update["message"]["html"]
    stored = await sync_to_async(ChatMessage.objects.get)(seq=1, room=room_setup.room)
    assert stored.is_deleted
    assert stored.body == ""
    await moderator.disconnect()
    await alice.disconnect()


async def test_a_member_cannot_remove_someone_elses_message(room_setup):
    alice = await joined(room_setup.room, room_setup.alice)
    bob = await joined(room_setup.room, room_setup.bob)
    await send_text(alice, "mine")
    await drain(bob)
    await bob.send_json_to({"type": "delete", "seq": 1})
    error = (await frames_until(bob, lambda f: f["type"] == "error"))[-1]
    assert error["code"] == "refused"
    assert not (await sync_to_async(ChatMessage.objects.get)(seq=1, room=room_setup.room)).is_deleted
    await alice.disconnect()
    await bob.disconnect()


async def test_signing_out_closes_that_sessions_sockets(room_setup):
    client = await sync_to_async(_session_client)(room_setup.alice)
    socket, connected = await open_socket(room_setup.room, room_setup.alice, client=client)
    assert connected
    await drain(socket)
    await sync_to_async(client.post)("/accounts/logout/")
    closed = await socket.receive_output(timeout=5)
    assert closed == {"type": "websocket.close", "code": 4401}


async def test_a_member_removed_mid_session_is_disconnected_at_once(room_setup):
    from communities.services import membership_remove

    bob = await joined(room_setup.room, room_setup.bob)
    membership = await sync_to_async(Membership.objects.get)(
        community=room_setup.community, user=room_setup.bob
    )
    await sync_to_async(membership_remove)(actor=room_setup.moderator, membership=membership)
    closed = await frames_or_close(bob)
    assert closed == {"type": "websocket.close", "code": 4403}


async def test_leaving_the_group_closes_my_own_sockets(room_setup):
    from communities.services import membership_leave

    alice = await joined(room_setup.room, room_setup.alice)
    await sync_to_async(membership_leave)(user=room_setup.alice, community=room_setup.community)
    assert await frames_or_close(alice) == {"type": "websocket.close", "code": 4403}


async def frames_or_close(socket) -> dict:
    """Skip presence chatter until the socket closes; return the close event."""
    while True:
        output = await socket.receive_output(timeout=5)
        if output["type"] == "websocket.close":
            return output


async def test_a_mute_reaches_an_open_socket_at_once(room_setup):
    from communities.rooms.services import chat_mute

    alice = await joined(room_setup.room, room_setup.alice)
    await sync_to_async(chat_mute)(
        actor=room_setup.moderator, room=room_setup.room, user=room_setup.alice, minutes=10
    )
    await drain(alice)
    client_id = await send_text(alice, "can I still talk?")
    refused = (await frames_until(alice, lambda f: f["type"] == "error"))[-1]
    assert refused["client_id"] == client_id
    assert "paused your messages" in refused["message"]


async def test_a_lock_reaches_an_open_socket_at_once(room_setup):
    from communities.rooms.services import chat_room_lock

    alice = await joined(room_setup.room, room_setup.alice)
    await sync_to_async(chat_room_lock)(actor=room_setup.moderator, room=room_setup.room, locked=True)
    assert (await frames_until(alice, lambda f: f["type"] == "room"))[-1]["locked"] is True
    await send_text(alice, "hello?")
    refused = (await frames_until(alice, lambda f: f["type"] == "error"))[-1]
    assert "locked" in refused["message"]


async def test_frames_relayed_to_the_room_reach_every_socket_as_they_are(room_setup):
    from django.db import transaction

    from communities.rooms.services import room_broadcast_on_commit

    alice = await joined(room_setup.room, room_setup.alice)
    bob = await joined(room_setup.room, room_setup.bob)

    def relay():
        with transaction.atomic():
            room_broadcast_on_commit(room_setup.room, {"type": "debrief.phase", "phase": 2})

    await sync_to_async(relay)()
    for socket in (alice, bob):
        frame = (await frames_until(socket, lambda f: f["type"] == "debrief.phase"))[-1]
        assert frame == {"type": "debrief.phase", "phase": 2}
