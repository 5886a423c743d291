"""A little history in the demo clinic's debrief room. Idempotent: once it has messages, it stays."""

import uuid
from datetime import timedelta

from django.utils import timezone

from accounts.demo import demo_user
from communities.demo import DEMO_SLUG
from communities.models import Community
from communities.rooms.models import ChatMessage
from communities.rooms.services import chat_message_create, default_room_ensure

HISTORY = [
    ("lead@zenora.example", "Evening all. The debrief room is open if anyone needs to offload after today."),
    ("nurse@zenora.example", "Thanks Priya. Long shift, a lot of distress on the ward. Mostly just tired."),
    (
        "clinician@zenora.example",
        "Same here. One session I keep replaying — I'll keep the details out, but it was heavy.",
    ),
    ("lead@zenora.example", "That replaying is so common after a hard session. What helped last time?"),
    ("clinician@zenora.example", "Honestly the walk home and not opening my laptop. Going to do that now."),
    (
        "peer@zenora.example",
        "Sending support. I'm here tomorrow morning too if you want a coffee before clinic.",
    ),
]


def seed_demo_chat() -> list[str]:
    community = Community.objects.filter(slug=DEMO_SLUG).first()
    if community is None:
        return []
    room = default_room_ensure(community=community)
    if ChatMessage.objects.filter(room=room).exists():
        return []
    started = timezone.now() - timedelta(hours=20)
    for minutes, (email, body) in enumerate(HISTORY):
        sent = chat_message_create(author=demo_user(email), room=room, body=body, client_id=uuid.uuid4())
        ChatMessage.objects.filter(pk=sent.message.pk).update(
            created_at=started + timedelta(minutes=minutes * 3)
        )
    return [f"Debrief room with history: {room.community.name} → Rooms → {room.name}"]
