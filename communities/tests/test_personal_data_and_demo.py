import pytest
from django.conf import settings

from accounts.services import account_export
from communities import services
from communities.demo import DEMO_SLUG, seed_demo_clinic
from communities.models import Community, Invitation, Post, Reaction
from communities.tests.factories import MembershipFactory
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_account_export_includes_posts_memberships_reactions_and_notifications():
    membership = MembershipFactory()
    other = MembershipFactory(community=membership.community)
    thread = services.thread_create(
        author=membership.user, community=membership.community, title="T", body="mine"
    )
    services.post_create(author=other.user, thread=thread, body="reply")
    services.reaction_toggle(user=membership.user, post=thread.posts.get(position=2), kind="thanks")

    data = account_export(user=membership.user)

    assert data["communities"]["posts"][0]["body"] == "mine"
    assert data["communities"]["memberships"][0]["community"] == membership.community.name
    assert data["communities"]["reactions"][0]["kind"] == "thanks"
    assert data["notifications"][0]["title"].endswith("replied in “T”")


def test_seed_demo_clinic_is_idempotent_and_prints_an_open_invite_link():
    from accounts.demo import seed_demo_users

    seed_demo_users()
    first = seed_demo_clinic()
    second = seed_demo_clinic()

    assert first == second
    assert first[0].startswith(f"Riverside Clinic peer support invite link: {settings.SITE_URL}/groups/join/")
    community = Community.objects.get(slug=DEMO_SLUG)
    assert community.memberships.count() == 4
    assert community.threads.count() == 2
    assert Post.objects.filter(thread__community=community).count() == 6
    assert Reaction.objects.filter(post__thread__community=community).count() == 4
    token = first[0].rsplit("/join/", 1)[1].strip("/")
    assert Invitation.objects.get(token=token).problem == ""
    assert Notification.objects.filter(kind="communities.mention").exists()
