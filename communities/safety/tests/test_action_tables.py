"""The queue's and the people page's actions are tables: what a page shows is what dispatches."""

import pytest
from django.core.exceptions import ValidationError

from communities import services as forum
from communities.actions import member_actions_for
from communities.models import Membership, Post
from communities.rooms.services import chat_message_create, default_room_ensure
from communities.safety.actions import QueueItem, queue_action, queue_actions_for
from communities.tests.factories import CommunityFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    community = CommunityFactory()
    owner = MembershipFactory(community=community, role=Membership.Role.OWNER).user
    writer = MembershipFactory(community=community).user
    return community, owner, writer


def _keys(item):
    return [action.key for action in queue_actions_for(item)]


def test_action_tables_queue_offers_what_applies_to_each_item(group):
    community, _, writer = group
    post = forum.thread_create(
        author=writer, community=community, title="A day", body="It was long."
    ).opening_post
    assert _keys(QueueItem(community, post=post)) == ["hide", "delete", "lock", "suspend", "ban"]
    post.state = Post.State.HELD
    assert _keys(QueueItem(community, post=post)) == ["approve", "hide", "delete", "lock", "suspend", "ban"]
    post.state = Post.State.HIDDEN
    assert _keys(QueueItem(community, post=post)) == ["restore", "delete", "lock", "suspend", "ban"]
    message = chat_message_create(
        author=writer, room=default_room_ensure(community=community), body="hi"
    ).message
    actions = queue_actions_for(QueueItem(community, message=message))
    assert [(a.key, a.button) for a in actions][0] == ("delete", "Remove the message")


def test_action_tables_queue_refuses_an_action_that_does_not_apply(group):
    community, owner, writer = group
    post = forum.thread_create(
        author=writer, community=community, title="A day", body="It was long."
    ).opening_post
    with pytest.raises(ValidationError, match="doesn't apply"):
        queue_action("approve", QueueItem(community, post=post))
    with pytest.raises(ValidationError, match="doesn't apply"):
        queue_action("dismiss", QueueItem(community, post=post))
    queue_action("hide", QueueItem(community, post=post)).run(
        owner, QueueItem(community, post=post), {"note": "Please edit.", "reason": ""}
    )
    post.refresh_from_db()
    assert post.state == Post.State.HIDDEN


def test_action_tables_people_page_offers_what_applies(group):
    community, owner, writer = group
    moderator = MembershipFactory(community=community, role=Membership.Role.MODERATOR)
    member = Membership.objects.get(community=community, user=writer)
    requested = MembershipFactory(community=community, state=Membership.State.REQUESTED)
    banned = MembershipFactory(community=community, state=Membership.State.BANNED)
    for target in (member, moderator, requested, banned):
        target.community = community
    assert member_actions_for(owner, member) == {"make_moderator", "transfer", "suspend", "remove", "ban"}
    assert member_actions_for(owner, moderator) == {"make_member", "transfer", "suspend", "remove", "ban"}
    assert member_actions_for(moderator.user, moderator) == set()
    assert member_actions_for(moderator.user, member) == {"suspend", "remove", "ban"}
    assert member_actions_for(moderator.user, requested) == {"approve", "decline"}
    assert member_actions_for(moderator.user, banned) == {"reinstate"}
