from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from communities import services
from communities.models import (
    Community,
    Invitation,
    Membership,
    Post,
    PostRevision,
    Reaction,
    ThreadSubscription,
)
from communities.tasks import send_invitation_email
from communities.tests.factories import CommunityFactory, InvitationFactory, MembershipFactory, UserFactory
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def owner_of(community: Community):
    return MembershipFactory(community=community, role=Membership.Role.OWNER).user


def test_community_create_makes_the_creator_owner_who_has_accepted_the_guidelines():
    creator = UserFactory()
    community = services.community_create(
        creator=creator, name="Harbour team", guidelines="Be **kind**.", join_policy="invite"
    )
    membership = Membership.objects.get(community=community, user=creator)
    assert (membership.role, membership.state) == ("owner", "active")
    assert membership.guidelines_accepted_version == community.guidelines_version
    assert community.slug == "harbour-team"
    assert community.guidelines_html == "<p>Be <strong>kind</strong>.</p>"


def test_community_create_never_takes_a_reserved_or_used_slug():
    creator = UserFactory()
    first = services.community_create(creator=creator, name="Search", join_policy="open")
    second = services.community_create(creator=creator, name="Search", join_policy="open")
    assert first.slug == "search-2"
    assert second.slug == "search-3"


def test_invitation_redeem_joins_and_counts_one_use_even_when_used_twice():
    community = CommunityFactory()
    owner = owner_of(community)
    invitation = services.invitation_create(actor=owner, community=community, max_uses=5)
    newcomer = UserFactory()

    services.invitation_redeem(user=newcomer, invitation=invitation)
    services.invitation_redeem(user=newcomer, invitation=invitation)

    membership = Membership.objects.get(community=community, user=newcomer)
    assert membership.state == "active"
    assert membership.invited_by == owner
    assert membership.guidelines_accepted_version == 0
    invitation.refresh_from_db()
    assert invitation.use_count == 1


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"revoked_at": timezone.now()}, "withdrawn"),
        ({"expires_at": timezone.now() - timedelta(minutes=1)}, "expired"),
        ({"max_uses": 2, "use_count": 2}, "as many times"),
    ],
)
def test_invitation_redeem_refuses_unusable_links_with_a_reason(changes, words):
    invitation = InvitationFactory(**changes)
    with pytest.raises(PermissionDenied, match=words):
        services.invitation_redeem(user=UserFactory(), invitation=invitation)
    assert not Membership.objects.filter(community=invitation.community).exists()


def test_invitation_redeem_refuses_a_banned_person():
    membership = MembershipFactory(state=Membership.State.BANNED)
    invitation = InvitationFactory(community=membership.community)
    with pytest.raises(PermissionDenied):
        services.invitation_redeem(user=membership.user, invitation=invitation)
    membership.refresh_from_db()
    assert membership.state == "banned"


def test_email_invitation_is_sent_after_commit_and_invites_an_existing_account(
    django_capture_on_commit_callbacks,
):
    community = CommunityFactory()
    owner = owner_of(community)
    colleague = UserFactory(email="sam@clinic.example")
    with django_capture_on_commit_callbacks() as callbacks:
        invitation = services.invitation_create(actor=owner, community=community, email="Sam@Clinic.example")
    assert len(callbacks) == 2  # the invitation email and the in-app notification's email
    assert send_invitation_email(invitation.pk) is True
    assert mail.outbox[-1].to == ["sam@clinic.example"]
    assert invitation.get_absolute_url() in mail.outbox[-1].body
    assert Membership.objects.get(community=community, user=colleague).state == "invited"
    assert Notification.objects.filter(recipient=colleague, kind="communities.invited").exists()
    assert invitation.max_uses == 1


def test_invitation_email_task_sends_nothing_for_a_withdrawn_invitation():
    invitation = InvitationFactory(email="x@clinic.example", revoked_at=timezone.now())
    assert send_invitation_email(invitation.pk) is False
    assert mail.outbox == []


def test_join_request_notifies_moderators_and_the_decision_notifies_the_requester():
    community = CommunityFactory(join_policy=Community.JoinPolicy.REQUEST)
    owner = owner_of(community)
    asker = UserFactory()

    membership = services.join_request_create(user=asker, community=community)
    assert Notification.objects.get(recipient=owner).kind == "communities.join_request"

    services.join_request_decide(actor=owner, membership=membership, approve=True)
    membership.refresh_from_db()
    assert membership.state == "active"
    assert Notification.objects.get(recipient=asker).kind == "communities.join_decision"


def test_join_request_declined_removes_the_request():
    community = CommunityFactory(join_policy=Community.JoinPolicy.REQUEST)
    owner = owner_of(community)
    membership = services.join_request_create(user=UserFactory(), community=community)
    services.join_request_decide(actor=owner, membership=membership, approve=False)
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_join_request_refused_for_an_invite_only_group():
    with pytest.raises(PermissionDenied):
        services.join_request_create(user=UserFactory(), community=CommunityFactory())


def test_community_join_open_group_works_and_invite_only_refuses():
    open_group = CommunityFactory(join_policy=Community.JoinPolicy.OPEN)
    person = UserFactory()
    assert services.community_join(user=person, community=open_group).state == "active"
    with pytest.raises(PermissionDenied):
        services.community_join(user=person, community=CommunityFactory())


def test_membership_leave_refuses_the_last_owner_until_ownership_is_handed_over():
    community = CommunityFactory()
    owner = owner_of(community)
    member = MembershipFactory(community=community)
    with pytest.raises(PermissionDenied, match="Hand ownership"):
        services.membership_leave(user=owner, community=community)

    services.ownership_transfer(actor=owner, community=community, to=member)
    community = Community.objects.get(pk=community.pk)
    services.membership_leave(user=owner, community=community)

    assert Membership.objects.get(community=community, user=owner).state == "left"
    member.refresh_from_db()
    assert member.role == "owner"


def test_guidelines_change_asks_members_to_accept_again():
    community = CommunityFactory()
    owner = owner_of(community)
    member = MembershipFactory(community=community).user
    thread = services.thread_create(author=member, community=community, title="Hello", body="First")

    services.community_update(
        actor=owner,
        community=community,
        name=community.name,
        description="",
        guidelines="New rules",
        join_policy="invite",
    )
    community = Community.objects.get(pk=community.pk)
    thread.community = community
    with pytest.raises(PermissionDenied, match="guidelines"):
        services.post_create(author=member, thread=thread, body="Again")

    services.guidelines_accept(user=member, community=community)
    assert services.post_create(author=member, thread=thread, body="Again").position == 2


def test_thread_create_and_reply_notify_subscribers_and_mentions_once():
    community = CommunityFactory()
    starter = MembershipFactory(community=community).user
    replier = MembershipFactory(community=community, user__display_name="Robin Vale").user
    mentioned = MembershipFactory(community=community, user__display_name="Sam Okafor").user

    thread = services.thread_create(
        author=starter, community=community, title="Hard week", body="Heavy days."
    )
    post = services.post_create(author=replier, thread=thread, body="Same here. @**sam okafor** too?")

    assert post.position == 2
    thread.refresh_from_db()
    assert thread.post_count == 2 and thread.last_post_author == replier
    assert list(Notification.objects.filter(recipient=starter).values_list("kind", flat=True)) == [
        "communities.reply"
    ]
    assert list(Notification.objects.filter(recipient=mentioned).values_list("kind", flat=True)) == [
        "communities.mention"
    ]
    assert not Notification.objects.filter(recipient=replier).exists()
    assert ThreadSubscription.objects.filter(thread=thread, user=replier).exists()


def test_mentions_of_people_outside_the_group_notify_nobody():
    community = CommunityFactory()
    author = MembershipFactory(community=community).user
    outsider = UserFactory(display_name="Outside Person")
    services.thread_create(author=author, community=community, title="Hi", body="@**Outside Person** hello")
    assert not Notification.objects.filter(recipient=outsider).exists()


def test_post_edit_keeps_the_previous_version_and_marks_edited():
    membership = MembershipFactory()
    thread = services.thread_create(
        author=membership.user, community=membership.community, title="T", body="one"
    )
    post = thread.posts.get()
    services.post_edit(editor=membership.user, post=post, body="two")
    post.refresh_from_db()
    assert post.body == "two" and post.edited_at is not None
    assert list(PostRevision.objects.filter(post=post).values_list("body", flat=True)) == ["one"]


def test_post_edit_and_delete_refuse_anyone_but_the_author():
    membership = MembershipFactory(role=Membership.Role.MODERATOR)
    author = MembershipFactory(community=membership.community).user
    thread = services.thread_create(author=author, community=membership.community, title="T", body="one")
    post = thread.posts.get()
    with pytest.raises(PermissionDenied):
        services.post_edit(editor=membership.user, post=post, body="mine now")
    with pytest.raises(PermissionDenied):
        services.post_delete(actor=membership.user, post=post)


def test_post_delete_is_soft_and_hides_from_search():
    membership = MembershipFactory()
    thread = services.thread_create(
        author=membership.user, community=membership.community, title="T", body="pelican"
    )
    post = thread.posts.get()
    services.post_delete(actor=membership.user, post=post)
    post.refresh_from_db()
    assert post.is_deleted and post.body == "pelican"
    from communities.selectors import search_posts

    assert not search_posts(membership.user, "pelican").exists()


def test_reaction_toggle_adds_then_takes_back():
    membership = MembershipFactory()
    thread = services.thread_create(
        author=membership.user, community=membership.community, title="T", body="b"
    )
    post = thread.posts.get()
    reactor = MembershipFactory(community=membership.community).user
    assert services.reaction_toggle(user=reactor, post=post, kind="support") is True
    assert Reaction.objects.filter(post=post).count() == 1
    assert services.reaction_toggle(user=reactor, post=post, kind="support") is False
    assert Reaction.objects.filter(post=post).count() == 0
    with pytest.raises(ValidationError):
        services.reaction_toggle(user=reactor, post=post, kind="angry")


def test_suspended_member_can_read_but_not_post_and_locked_thread_takes_no_replies():
    community = CommunityFactory()
    owner = owner_of(community)
    member = MembershipFactory(community=community)
    thread = services.thread_create(author=owner, community=community, title="T", body="b")

    services.membership_suspend(actor=owner, membership=member, until=timezone.now() + timedelta(days=3))
    community = Community.objects.get(pk=community.pk)
    with pytest.raises(PermissionDenied, match="suspended"):
        services.thread_create(author=member.user, community=community, title="x", body="y")

    services.membership_reinstate(actor=owner, membership=member)
    community = Community.objects.get(pk=community.pk)
    thread = community.threads.get(pk=thread.pk)
    services.thread_set_locked(actor=owner, thread=thread, locked=True)
    with pytest.raises(PermissionDenied, match="locked"):
        services.post_create(author=member.user, thread=thread, body="late")
    assert services.post_create(author=owner, thread=thread, body="moderators still can").position == 2


def test_moderator_cannot_manage_another_moderator_but_owner_can():
    community = CommunityFactory()
    owner = owner_of(community)
    moderator = MembershipFactory(community=community, role=Membership.Role.MODERATOR)
    other_moderator = MembershipFactory(community=community, role=Membership.Role.MODERATOR)
    with pytest.raises(PermissionDenied):
        services.membership_ban(actor=moderator.user, membership=other_moderator)
    services.membership_set_role(actor=owner, membership=other_moderator, role=Membership.Role.MEMBER)
    other_moderator.refresh_from_db()
    assert other_moderator.role == "member"


def test_banned_person_sees_nothing():
    community = CommunityFactory()
    owner = owner_of(community)
    member = MembershipFactory(community=community)
    services.membership_ban(actor=owner, membership=member)
    community = Community.objects.get(pk=community.pk)
    with pytest.raises(Http404):
        services.thread_create(author=member.user, community=community, title="x", body="y")


def test_communities_erase_user_hands_groups_on_and_keeps_posts_as_a_former_member():
    community = CommunityFactory()
    owner = owner_of(community)
    moderator = MembershipFactory(community=community, role=Membership.Role.MODERATOR)
    alone = services.community_create(creator=owner, name="Just me", join_policy="invite")
    thread = services.thread_create(author=owner, community=community, title="T", body="I was here")

    from accounts.services import account_delete

    account_delete(user=owner)

    moderator.refresh_from_db()
    assert moderator.role == "owner"
    assert not Community.objects.filter(pk=alone.pk).exists()
    post = Post.objects.get(thread=thread)
    assert post.author is None and post.author_name == "a former member"


def test_invitation_create_validates_limits():
    community = CommunityFactory()
    owner = owner_of(community)
    with pytest.raises(ValidationError):
        services.invitation_create(actor=owner, community=community, expires_in_days=0)
    with pytest.raises(ValidationError):
        services.invitation_create(actor=owner, community=community, max_uses=0)
    assert not Invitation.objects.exists()
