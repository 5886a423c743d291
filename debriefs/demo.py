"""Debriefs in the demo clinic: one coming up, one held last week with its summary. Idempotent."""

from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from accounts.demo import demo_user
from communities.demo import DEMO_SLUG
from communities.models import Community
from communities.rooms.services import default_room_ensure
from debriefs.formats import builtin_formats
from debriefs.models import CheckoutMark, CheckoutTally, DebriefSession, Participant, Rsvp

UPCOMING_TITLE = "Thursday debrief after a hard week"
PAST_TITLE = "Debrief after the ward incident"
PAST_CHECKOUTS = {"lead@zenora.example": 4, "clinician@zenora.example": 3, "nurse@zenora.example": 3,
                  "peer@zenora.example": 4}  # fmt: skip
# Five answers make the distribution visible; the fifth comes from a colleague without a demo login.
EXTRA_CHECKOUT_SCORE = 5


def seed_demo_debriefs() -> list[str]:
    community = Community.objects.filter(slug=DEMO_SLUG).first()
    if community is None:
        return []
    room = default_room_ensure(community=community)
    lead = demo_user("lead@zenora.example")
    peer_debrief = builtin_formats()[0]
    now = timezone.now()
    upcoming, created = DebriefSession.objects.get_or_create(
        community=community,
        title=UPCOMING_TITLE,
        defaults={
            "room": room,
            "facilitator": lead,
            "starts_at": (now + timedelta(days=2)).replace(hour=17, minute=30, second=0, microsecond=0),
            "format_key": peer_debrief.key,
            "format_name": peer_debrief.name,
            "phases": peer_debrief.phases_as_data(),
            "audience": "Anyone at Riverside who had a heavy week",
            "description": "A structured, voluntary debrief. Come as you are; you can pass every round.",
        },
    )
    if created:
        for email in ("clinician@zenora.example", "nurse@zenora.example"):
            Rsvp.objects.create(session=upcoming, user=demo_user(email))
    if not DebriefSession.objects.filter(community=community, title=PAST_TITLE).exists():
        _seed_past(community, room, lead, now)
    return [f"Debriefs: “{UPCOMING_TITLE}” upcoming, and a past one with its summary (sign in as the lead)"]


def _seed_past(community, room, lead, now) -> None:
    peer_debrief = builtin_formats()[0]
    started = (now - timedelta(days=6)).replace(hour=17, minute=30, second=0, microsecond=0)
    past = DebriefSession.objects.create(
        community=community,
        room=room,
        facilitator=lead,
        title=PAST_TITLE,
        starts_at=started,
        started_at=started,
        ended_at=started + timedelta(minutes=50),
        phase_started_at=started + timedelta(minutes=45),
        format_key=peer_debrief.key,
        format_name=peer_debrief.name,
        phases=peer_debrief.phases_as_data(),
        state=DebriefSession.State.ENDED,
        current_phase=len(peer_debrief.phases) - 1,
        furthest_phase=len(peer_debrief.phases) - 1,
        attendance_count=5,
        reminder_sent_at=started - timedelta(minutes=15),
    )
    for email, score in PAST_CHECKOUTS.items():
        user = demo_user(email)
        Participant.objects.create(session=past, user=user, follow_up_sent_at=now)
        CheckoutMark.objects.create(session=past, user=user)
        _tally(past, score)
    _tally(past, EXTRA_CHECKOUT_SCORE)


def _tally(session: DebriefSession, score: int) -> None:
    CheckoutTally.objects.get_or_create(session=session, score=score)
    CheckoutTally.objects.filter(session=session, score=score).update(count=F("count") + 1)
