"""WebSocket routes of every app, gathered for the ASGI router."""

from django.urls import path

from communities.rooms.consumers import ChatConsumer

websocket_urlpatterns = [
    path("ws/rooms/<int:room_id>/", ChatConsumer.as_asgi()),
]
