"""Safety in live rooms: the guard gives the text back, crisis language brings support, warnings."""

import uuid

import pytest
from asgiref.sync import sync_to_async
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communities.permissions import remember_membership
from communities.rooms.models import ChatMessage
from communities.rooms.selectors import sender_membership
from communities.rooms.services import chat_message_create
from communities.rooms.tests.test_consumer import frames_until, joined, room_setup  # noqa: F401
from communities.safety.models import Report
from notifications.models import Notification
from zenora.textchecks import IdentifierFindings


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_chat_guard_refuses_with_findings_then_a_confirmed_resend_is_stored(room_setup):  # noqa: F811
    socket = await joined(room_setup.room, room_setup.alice)
    client_id = str(uuid.uuid4())
    await socket.send_json_to({"type": "send", "client_id": client_id, "body": "Her number is 07700 900123"})
    frames = await frames_until(socket, lambda f: f["type"] == "error")
    error = frames[-1]
    assert error["code"] == "guard" and error["client_id"] == client_id
    assert error["findings"] == [{"kind": "phone", "label": "a phone number", "text": "07700 900123"}]
    assert not await sync_to_async(ChatMessage.objects.filter(room=room_setup.room).exists)()
    await socket.send_json_to(
        {"type": "send", "client_id": client_id, "body": "Her number is 07700 900123", "confirmed": True,
         "themes": ["violence"]}
    )  # fmt: skip
    await frames_until(socket, lambda f: f["type"] == "ack")
    stored = await sync_to_async(ChatMessage.objects.get)(room=room_setup.room)
    assert stored.warning_themes == "violence"
    await socket.disconnect()


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_chat_crisis_message_sends_care_to_the_writer_and_flags_it(room_setup):  # noqa: F811
    socket = await joined(room_setup.room, room_setup.alice)
    await socket.send_json_to(
        {"type": "send", "client_id": str(uuid.uuid4()), "body": "I want to die tonight."}
    )
    frames = await frames_until(socket, lambda f: f["type"] == "care")
    assert any(f["type"] == "ack" for f in frames)
    report = await sync_to_async(Report.objects.get)(community=room_setup.community)
    assert report.source == Report.Source.CRISIS and report.chat_message_id is not None
    notified = await sync_to_async(
        lambda: set(
            Notification.objects.filter(kind="communities.report").values_list("recipient_id", flat=True)
        )
    )()
    assert notified == {room_setup.moderator.pk}
    await socket.disconnect()


@pytest.mark.django_db
def test_chat_message_without_findings_is_still_one_round_trip(room_setup):  # noqa: F811
    room, alice = room_setup.room, room_setup.alice
    # As a socket does: it holds the membership (with any mute) and keeps it fresh.
    remember_membership(alice, room.community, sender_membership(alice, room))
    with CaptureQueriesContext(connection) as captured:
        chat_message_create(
            author=alice, room=room, body="A calm message about my day", warning_themes=["death"]
        )
    assert len(captured) == 1


@pytest.mark.django_db
def test_chat_page_post_keeps_the_text_when_the_guard_finds_something(room_setup, client):  # noqa: F811
    client.force_login(room_setup.alice)
    url = f"/groups/{room_setup.community.slug}/rooms/{room_setup.room.slug}/"
    response = client.post(url, {"body": "Meet at 14 Elm Street"})
    assert response.status_code == 422
    assert "Meet at 14 Elm Street" in response.content.decode()
    with pytest.raises(IdentifierFindings):
        chat_message_create(author=room_setup.alice, room=room_setup.room, body="Meet at 14 Elm Street")
    assert client.post(url, {"body": "Meet at 14 Elm Street", "confirmed": "1"}).status_code == 302
