"""The live room socket: a thin adapter between frames and the chat services.

Frames from the browser (JSON, at most ``FRAME_MAX_BYTES``):
  {"type": "send", "client_id": uuid, "body": str, "warning": str?, "themes": [str]?,
   "confirmed": bool?}   confirmed: the writer checked what the confidentiality guard found
  {"type": "replay", "after": int}      everything stored after that sequence number
  {"type": "typing"} | {"type": "read", "seq": int} | {"type": "delete", "seq": int} | {"type": "ping"}
Frames to the browser: ready, message, updated, ack, replay_done, room, presence events
(joined/left), typing, pong, care (crisis resources for the writer) and error (code "guard"
carries "findings") — see static/js/chat.js.
"""

import asyncio
import hashlib
import json
import logging
import time
import uuid

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from communities.permissions import remember_membership
from communities.rooms.models import ChatRoom
from communities.rooms.permissions import can_view_room
from communities.rooms.selectors import message_in_room, messages_after, room_for_socket, sender_membership
from communities.rooms.services import (
    RateLimited,
    chat_mark_read,
    chat_message_create,
    chat_message_delete,
    member_socket_group,
    message_payload,
)
from zenora.crisis import CRISIS_PERSONAL
from zenora.textchecks import IdentifierFindings

logger = logging.getLogger(__name__)

FRAME_MAX_BYTES = 8 * 1024
FRAMES_PER_WINDOW = 30  # frames of any kind per connection per window, before "slow down"
FRAME_WINDOW_SECONDS = 10
RECHECK_SECONDS = 30
CLOSE_SIGNED_OUT = 4401
CLOSE_NOT_ALLOWED = 4403
CLOSE_LAYER_DOWN = 1011


def _room_last_seq(room_id: int) -> int:
    return ChatRoom.objects.values_list("last_seq", flat=True).get(pk=room_id)


def session_group(session_key: str) -> str:
    return "chat.session." + hashlib.sha256(session_key.encode()).hexdigest()[:32]


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or "That could not be done."


def _refresh_room_and_membership(user, room: ChatRoom, session_key: str | None) -> int | None:
    """Re-read what the socket keeps in memory; a close code if the person must leave.

    The socket holds the room and the person's membership (with any mute) so that sending a
    message costs one database round trip. They are re-read every RECHECK_SECONDS, and at
    once whenever a service changes them (a membership ending, a mute, a lock).
    """
    if (
        session_key
        and not Session.objects.filter(session_key=session_key, expire_date__gt=timezone.now()).exists()
    ):
        return CLOSE_SIGNED_OUT
    current = ChatRoom.objects.filter(pk=room.pk).values("is_locked", "archived_at").first()
    if current is None:
        return CLOSE_NOT_ALLOWED
    room.is_locked, room.archived_at = current["is_locked"], current["archived_at"]
    remember_membership(user, room.community, sender_membership(user, room))
    return None if can_view_room(user, room) else CLOSE_NOT_ALLOWED


class ChatConsumer(AsyncJsonWebsocketConsumer):
    async def dispatch(self, message):
        """Handle an event without Channels' per-event connection cleanup.

        Channels runs ``close_old_connections`` before every event, on the one thread that does
        all of a process's database work. A room fans each message out to every member's
        socket, so that cleanup queued ten hops per message behind the real inserts and became
        the bottleneck under load. Every database call here goes through
        ``database_sync_to_async``, which does the same cleanup around itself.
        """
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self):
        self.user = self.scope["user"]
        self.room: ChatRoom | None = None
        self.recheck: asyncio.Task | None = None
        self.frame_times: list[float] = []
        self.last_typing = 0.0
        await self.accept()
        if not self.user.is_authenticated:
            await self.close(code=CLOSE_SIGNED_OUT)
            return
        try:
            self.room = await database_sync_to_async(room_for_socket)(
                self.user, int(self.scope["url_route"]["kwargs"]["room_id"])
            )
            await database_sync_to_async(_refresh_room_and_membership)(self.user, self.room, None)
        except Http404:
            await self.close(code=CLOSE_NOT_ALLOWED)
            return
        self.session_key = self.scope["session"].session_key
        self.me = {"id": self.user.pk, "name": self.user.display_name}
        await self.channel_layer.group_add(self.room.group_name, self.channel_name)
        await self.channel_layer.group_add(member_socket_group(self.user.pk), self.channel_name)
        if self.session_key:
            await self.channel_layer.group_add(session_group(self.session_key), self.channel_name)
        await self.send_json(
            {"type": "ready", "last_seq": self.room.last_seq, "locked": self.room.is_locked, "you": self.me}
        )
        await self.channel_layer.group_send(
            self.room.group_name, {"type": "chat.joined", "user": self.me, "channel": self.channel_name}
        )
        self.recheck = asyncio.create_task(self._recheck_periodically())

    async def disconnect(self, code):
        if self.recheck is not None:
            self.recheck.cancel()
        if self.room is None:
            return
        groups = [self.room.group_name, member_socket_group(self.user.pk)]
        if self.session_key:
            groups.append(session_group(self.session_key))
        try:
            for group in groups:
                await self.channel_layer.group_discard(group, self.channel_name)
            await self.channel_layer.group_send(
                self.room.group_name, {"type": "chat.left", "user": self.me, "channel": self.channel_name}
            )
        except Exception as error:  # noqa: BLE001 - the layer may be down; presence is ephemeral anyway
            logger.info("presence cleanup skipped", extra={"error": type(error).__name__})

    # --- frames from the browser --------------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None):
        if self.room is None:
            return
        raw = text_data if text_data is not None else (bytes_data or b"").decode("utf-8", "replace")
        if len(raw.encode()) > FRAME_MAX_BYTES:
            await self._error(
                "too_large", f"That was too large to send (the limit is {FRAME_MAX_BYTES // 1024} KB)."
            )
            return
        if self._flooding():
            await self._error(
                "rate_limited", "You're sending a lot very quickly. Please slow down for a moment."
            )
            return
        try:
            frame = json.loads(raw)
        except ValueError:
            await self._error("malformed", "That message could not be read.")
            return
        if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
            await self._error("malformed", "That message could not be read.")
            return
        handler = getattr(self, f"frame_{frame['type']}", None)
        if handler is None:
            await self._error("unknown_type", "Zenora doesn't know that kind of message.")
            return
        await handler(frame)

    def _flooding(self) -> bool:
        now = time.monotonic()
        self.frame_times = [t for t in self.frame_times if now - t < FRAME_WINDOW_SECONDS]
        self.frame_times.append(now)
        return len(self.frame_times) > FRAMES_PER_WINDOW

    async def frame_send(self, frame):
        client_id = frame.get("client_id")
        try:
            client_uuid = uuid.UUID(str(client_id))
        except ValueError:
            await self._error("malformed", "The message had no valid id; it was not sent.")
            return
        body, warning = frame.get("body"), frame.get("warning") or ""
        themes = frame.get("themes") or []
        if not isinstance(body, str) or not isinstance(warning, str) or not isinstance(themes, list):
            await self._error("malformed", "The message could not be read.", client_id=str(client_uuid))
            return
        try:
            sent = await database_sync_to_async(chat_message_create)(
                author=self.user,
                room=self.room,
                body=body,
                warning=warning,
                warning_themes=[t for t in themes if isinstance(t, str)],
                client_id=client_uuid,
                confirmed=frame.get("confirmed") is True,
            )
        except RateLimited as error:
            await self._error("rate_limited", str(error), client_id=str(client_uuid))
            return
        except IdentifierFindings as error:
            # Not sent: the browser gives the text back with what was found, to edit or confirm.
            findings = [finding.as_dict() for finding in error.findings]
            await self._error("guard", _error_text(error), client_id=str(client_uuid), findings=findings)
            return
        except (ValidationError, PermissionDenied) as error:
            await self._error("refused", _error_text(error), client_id=str(client_uuid))
            return
        except Http404:
            await self.close(code=CLOSE_NOT_ALLOWED)
            return
        if not sent.created:
            # A resend of something already stored: this socket may have missed its broadcast.
            await self.send_json({"type": "message", "message": await self._payload(sent.message)})
        await self.send_json({"type": "ack", "client_id": str(client_uuid), "seq": sent.message.seq})
        if sent.crisis_level == CRISIS_PERSONAL:
            # Only the writer's sockets hear this: the page shows them crisis resources at once.
            await self.send_json({"type": "care", "client_id": str(client_uuid)})

    async def frame_replay(self, frame):
        after = frame.get("after")
        if not isinstance(after, int) or isinstance(after, bool) or after < 0:
            await self._error("malformed", "Replay needs a sequence number.")
            return
        while True:
            batch = await database_sync_to_async(self._replay_batch)(after)
            for payload in batch:
                await self.send_json({"type": "message", "message": payload})
            if len(batch) < 200:
                break
            after = batch[-1]["seq"]
        await self.send_json({"type": "replay_done", "last_seq": batch[-1]["seq"] if batch else after})

    def _replay_batch(self, after: int) -> list[dict]:
        return [message_payload(message) for message in messages_after(self.room, after)]

    async def frame_typing(self, frame):
        now = time.monotonic()
        if now - self.last_typing < 2:
            return
        self.last_typing = now
        await self.channel_layer.group_send(
            self.room.group_name, {"type": "chat.typing", "user": self.me, "channel": self.channel_name}
        )

    async def frame_read(self, frame):
        seq = frame.get("seq")
        if isinstance(seq, int) and not isinstance(seq, bool):
            await database_sync_to_async(chat_mark_read)(user=self.user, room=self.room, seq=seq)

    async def frame_delete(self, frame):
        seq = frame.get("seq")
        if not isinstance(seq, int) or isinstance(seq, bool):
            await self._error("malformed", "Which message? The request had no sequence number.")
            return
        try:
            await database_sync_to_async(self._delete)(seq)
        except (PermissionDenied, Http404) as error:
            await self._error(
                "refused", _error_text(error) if isinstance(error, PermissionDenied) else "No such message."
            )

    def _delete(self, seq: int) -> None:
        chat_message_delete(actor=self.user, message=message_in_room(self.room, seq))

    async def frame_ping(self, frame):
        """Answer through the channel layer, so a pong proves the whole live path works.

        If the layer is down (Redis restarting) the socket closes: the browser shows that it
        is reconnecting, and on its way back it replays whatever it missed from the database.
        """
        try:
            await self.channel_layer.send(self.channel_name, {"type": "chat.pong"})
        except Exception as error:  # noqa: BLE001 - any layer failure means the live path is broken
            logger.warning("channel layer unavailable; closing socket", extra={"error": type(error).__name__})
            await self.close(code=CLOSE_LAYER_DOWN)

    async def chat_pong(self, event):
        last_seq = await database_sync_to_async(_room_last_seq)(self.room.pk)
        await self.send_json({"type": "pong", "last_seq": last_seq})

    # --- events from the channel layer --------------------------------------------------

    async def chat_message(self, event):
        await self.send_json({"type": "message", "message": event["message"]})

    async def chat_updated(self, event):
        await self.send_json({"type": "updated", "message": event["message"]})

    async def chat_room(self, event):
        await self._recheck_now()  # the lock or archive changed: refresh what this socket holds
        await self.send_json(
            {"type": "room", "locked": event["locked"], "archived": event.get("archived", False)}
        )

    async def chat_joined(self, event):
        await self.send_json({"type": "joined", "user": event["user"], "channel": event["channel"]})
        if event["channel"] != self.channel_name:
            # Tell the newcomer we are here too; presence is never stored.
            await self.channel_layer.send(
                event["channel"], {"type": "chat.here", "user": self.me, "channel": self.channel_name}
            )

    async def chat_here(self, event):
        await self.send_json({"type": "joined", "user": event["user"], "channel": event["channel"]})

    async def chat_left(self, event):
        await self.send_json({"type": "left", "user": event["user"], "channel": event["channel"]})

    async def chat_typing(self, event):
        if event["channel"] != self.channel_name:
            await self.send_json({"type": "typing", "user": event["user"]})

    async def chat_relay(self, event):
        """A frame another part of Zenora sends to everyone in the room (a debrief's phase, say)."""
        await self.send_json(event["frame"])

    async def chat_membership(self, event):
        """The person's membership or mute changed: refresh it, and close if they must leave."""
        await self._recheck_now()

    async def chat_session_ended(self, event):
        await self.close(code=CLOSE_SIGNED_OUT)

    # --- helpers ------------------------------------------------------------------------

    async def _payload(self, message) -> dict:
        return await database_sync_to_async(message_payload)(message)

    async def _error(
        self, code: str, message: str, *, client_id: str | None = None, findings: list | None = None
    ) -> None:
        frame = {"type": "error", "code": code, "message": message}
        if client_id:
            frame["client_id"] = client_id
        if findings is not None:
            frame["findings"] = findings
        await self.send_json(frame)

    async def _recheck_now(self) -> None:
        code = await database_sync_to_async(_refresh_room_and_membership)(
            self.user, self.room, self.session_key
        )
        if code is not None:
            await self.close(code=code)

    async def _recheck_periodically(self) -> None:
        while True:
            await asyncio.sleep(RECHECK_SECONDS)
            await self._recheck_now()


def end_session_sockets(sender, request, user, **kwargs) -> None:
    """Connected to ``user_logged_out``: sockets opened with that session close at once."""
    from zenora.realtime import group_send

    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if session_key:
        group_send(session_group(session_key), {"type": "chat.session_ended"})
