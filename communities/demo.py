"""The demo clinic's peer-support group, for `make run`. Idempotent: running it again adds nothing."""

from django.conf import settings

from accounts.demo import demo_user
from communities.models import Community, Invitation, Membership
from communities.services import (
    community_create,
    guidelines_accept,
    invitation_create,
    invitation_redeem,
    post_create,
    reaction_toggle,
    thread_create,
)

DEMO_SLUG = "riverside-clinic-peer-support"
GUIDELINES = """\
1. **What is said here stays here.** Never share anything that could identify a client.
2. **Listen first.** Offer support, not fixes, unless someone asks for advice.
3. **Look after yourself.** It's fine to step away; if you are in crisis, call your local crisis line.
"""

THREADS = [
    (
        "lead@zenora.example",
        "Welcome — how this group works",
        "This is our space to talk about the weight of the work. Say hello and tell us how your week is going.",
        [
            ("clinician@zenora.example", "Hello all. Long week, glad this exists.", "support"),
            ("peer@zenora.example", "Thanks for setting this up, @**Priya Shah**.", "thanks"),
        ],
    ),
    (
        "clinician@zenora.example",
        "Struggling to switch off after evening sessions",
        "After late sessions I replay them for hours. What helps you leave the work at work?",
        [
            ("nurse@zenora.example", "A short walk before I get home. The transition matters.", "been_there"),
            ("peer@zenora.example", "Writing three lines in my journal, then closing it.", "support"),
        ],
    ),
]


def seed_demo_clinic() -> list[str]:
    lead = demo_user("lead@zenora.example")
    community = Community.objects.filter(slug=DEMO_SLUG).first()
    if community is None:
        community = community_create(
            creator=lead,
            name="Riverside Clinic peer support",
            description="A confidential space for Riverside's clinicians to support each other.",
            guidelines=GUIDELINES,
            join_policy=Community.JoinPolicy.INVITE,
        )
        starter = invitation_create(actor=lead, community=community, expires_in_days=None)
        for email in ("clinician@zenora.example", "peer@zenora.example", "nurse@zenora.example"):
            member = demo_user(email)
            invitation_redeem(user=member, invitation=starter)
            guidelines_accept(user=member, community=community)
        Membership.objects.filter(community=community, user=demo_user("peer@zenora.example")).update(
            role=Membership.Role.MODERATOR
        )
        for author_email, title, body, replies in THREADS:
            thread = thread_create(
                author=demo_user(author_email), community=community, title=title, body=body
            )
            opening = thread.posts.get(position=1)
            for reply_email, reply_body, reaction in replies:
                replier = demo_user(reply_email)
                post_create(author=replier, thread=thread, body=reply_body)
                reaction_toggle(user=replier, post=opening, kind=reaction)
        Invitation.objects.filter(pk=starter.pk).update(revoked_at=starter.created_at)
    link = (
        Invitation.objects.filter(
            community=community, revoked_at__isnull=True, email="", expires_at__isnull=True
        )
        .order_by("created_at")
        .first()
    )
    if link is None:
        link = invitation_create(actor=lead, community=community, expires_in_days=None)
    return [f"Riverside Clinic peer support invite link: {settings.SITE_URL}{link.get_absolute_url()}"]
