"""Every community URL for every kind of visitor. 404 wherever the group's existence must not leak."""

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from communities import services
from communities.models import Community, Membership
from communities.tests.factories import CommunityFactory, InvitationFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

VISITORS = [
    "anonymous",
    "non_member",
    "invited",
    "requested",
    "member",
    "moderator",
    "owner",
    "suspended",
    "banned",
]
HIDDEN = {"non_member": 404, "invited": 404, "requested": 404, "banned": 404, "anonymous": 302}
READERS = {"member": 200, "moderator": 200, "owner": 200, "suspended": 200}
MODERATORS_ONLY = {"member": 403, "moderator": 200, "owner": 200, "suspended": 403}

# (name, method, url builder, expected status per visitor)
MATRIX = [
    ("home", "get", lambda w: reverse("communities:home", args=[w.slug]), {**HIDDEN, **READERS}),
    ("guidelines", "get", lambda w: reverse("communities:guidelines", args=[w.slug]), {**HIDDEN, **READERS}),
    ("members", "get", lambda w: reverse("communities:members", args=[w.slug]), {**HIDDEN, **READERS}),
    (
        "member_suggest",
        "get",
        lambda w: reverse("communities:member_suggest", args=[w.slug]) + "?q=M",
        {**HIDDEN, **READERS},
    ),
    (
        "thread",
        "get",
        lambda w: reverse("communities:thread", args=[w.slug, w.thread.pk]),
        {**HIDDEN, **READERS},
    ),
    (
        "thread_create",
        "get",
        lambda w: reverse("communities:thread_create", args=[w.slug]),
        {**HIDDEN, **READERS, "suspended": 403},
    ),
    (
        "reply",
        "post",
        lambda w: reverse("communities:reply", args=[w.slug, w.thread.pk]),
        {**HIDDEN, "member": 302, "moderator": 302, "owner": 302, "suspended": 403},
    ),
    (
        "react",
        "post",
        lambda w: reverse("communities:react", args=[w.slug, w.post.pk]),
        {**HIDDEN, "member": 302, "moderator": 302, "owner": 302, "suspended": 302},
    ),
    (
        "post_edit",
        "get",
        lambda w: reverse("communities:post_edit", args=[w.slug, w.post.pk]),
        {**HIDDEN, "member": 200, "moderator": 403, "owner": 403, "suspended": 403},
    ),
    (
        "post_history",
        "get",
        lambda w: reverse("communities:post_history", args=[w.slug, w.post.pk]),
        {**HIDDEN, **MODERATORS_ONLY},
    ),
    (
        "settings",
        "get",
        lambda w: reverse("communities:settings", args=[w.slug]),
        {**HIDDEN, **MODERATORS_ONLY},
    ),
    ("people", "get", lambda w: reverse("communities:people", args=[w.slug]), {**HIDDEN, **MODERATORS_ONLY}),
    (
        "invites",
        "get",
        lambda w: reverse("communities:invites", args=[w.slug]),
        {**HIDDEN, **MODERATORS_ONLY},
    ),
    (
        "invite_revoke",
        "post",
        lambda w: reverse("communities:invite_revoke", args=[w.slug, w.invitation.pk]),
        {**HIDDEN, **MODERATORS_ONLY, "moderator": 302, "owner": 302},
    ),
    (
        "person",
        "post",
        lambda w: reverse("communities:person", args=[w.slug, w.memberships["member"].pk]),
        {**HIDDEN, **MODERATORS_ONLY, "moderator": 302, "owner": 302},
    ),
    (
        "thread_moderate",
        "post",
        lambda w: reverse("communities:thread_moderate", args=[w.slug, w.thread.pk]),
        {**HIDDEN, **MODERATORS_ONLY, "moderator": 302, "owner": 302},
    ),
    ("leave", "get", lambda w: reverse("communities:leave", args=[w.slug]), {**HIDDEN, **READERS}),
    ("list", "get", lambda w: reverse("communities:list"), dict.fromkeys(VISITORS, 200) | {"anonymous": 302}),
    (
        "search",
        "get",
        lambda w: reverse("communities:search") + "?q=week",
        dict.fromkeys(VISITORS, 200) | {"anonymous": 302},
    ),
    (
        "invite_page",
        "get",
        lambda w: reverse("communities:invite", args=[w.invitation.token]),
        dict.fromkeys(VISITORS, 200) | dict.fromkeys(["member", "moderator", "owner", "suspended"], 302),
    ),
]

POST_DATA = {"reply": {"body": "Thinking of you."}, "react": {"kind": "support"}, "person": {"action": "make_member"},
             "thread_moderate": {"action": "pin"}}  # fmt: skip


@pytest.fixture
def world():
    community = CommunityFactory(join_policy=Community.JoinPolicy.INVITE)
    memberships = {
        "invited": MembershipFactory(community=community, state=Membership.State.INVITED),
        "requested": MembershipFactory(community=community, state=Membership.State.REQUESTED),
        "member": MembershipFactory(community=community),
        "moderator": MembershipFactory(community=community, role=Membership.Role.MODERATOR),
        "owner": MembershipFactory(community=community, role=Membership.Role.OWNER),
        "suspended": MembershipFactory(
            community=community,
            state=Membership.State.SUSPENDED,
            suspended_until=timezone.now() + timezone.timedelta(days=7),
        ),
        "banned": MembershipFactory(community=community, state=Membership.State.BANNED),
    }
    thread = services.thread_create(
        author=memberships["member"].user, community=community, title="A hard week", body="It was a week."
    )
    users = {name: m.user for name, m in memberships.items()} | {
        "non_member": UserFactory(),
        "anonymous": None,
    }
    return SimpleNamespace(
        slug=community.slug,
        thread=thread,
        post=thread.posts.get(),
        invitation=InvitationFactory(community=community, created_by=memberships["owner"].user),
        memberships=memberships,
        users=users,
    )


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize(("name", "method", "url", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
def test_authorisation_matrix_answers_each_visitor_as_expected(world, visitor, name, method, url, expected):
    client = Client()
    if world.users[visitor] is not None:
        client.force_login(world.users[visitor])
    response = getattr(client, method)(url(world), POST_DATA.get(name, {}))
    assert response.status_code == expected[visitor], f"{name} as {visitor}"


def test_authorisation_matrix_hidden_pages_never_show_the_group_name(world):
    client = Client()
    client.force_login(world.users["non_member"])
    response = client.get(reverse("communities:thread", args=[world.slug, world.thread.pk]))
    assert response.status_code == 404
    assert "A hard week" not in response.content.decode()
