"""The baseline for bench/chat.py: a bare Channels consumer that fans each frame out to its
room through the same channel layer, with no database, no checks and no rendering."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402


class BareRoomConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        self.group = f"bare.room.{self.scope['url_route']['kwargs']['room_id']}"
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send(text_data='{"type": "ready"}')

    async def disconnect(self, code):
        await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        await self.channel_layer.group_send(self.group, {"type": "bare.message", "text": text_data})

    async def bare_message(self, event):
        await self.send(text_data=event["text"])


application = ProtocolTypeRouter(
    {"websocket": URLRouter([path("ws/rooms/<int:room_id>/", BareRoomConsumer.as_asgi())])}
)
