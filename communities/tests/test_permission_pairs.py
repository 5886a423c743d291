"""One rule per permission: each ``can_*`` answers what its ``check_*`` would do."""

import inspect

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from communities import permissions
from communities.models import Membership
from communities.rooms import permissions as room_permissions
from communities.rooms.services import chat_mute, default_room_ensure
from communities.tests.factories import CommunityFactory, MembershipFactory, UserFactory
from debriefs import permissions as debrief_permissions

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("module", [permissions, room_permissions, debrief_permissions])
def test_permission_pairs_every_can_is_its_check(module):
    """Written once: a ``can_x`` with a ``check_x`` twin only asks whether the check passes."""
    for name, function in inspect.getmembers(module, inspect.isfunction):
        if (
            name.startswith("can_")
            and hasattr(module, "check_" + name[4:])
            and function.__module__ == module.__name__
        ):
            assert "allowed(check_" in inspect.getsource(function), name


def test_permission_pairs_a_muted_member_cannot_send_in_the_room():
    room = default_room_ensure(community=CommunityFactory())
    moderator = MembershipFactory(community=room.community, role=Membership.Role.MODERATOR).user
    member = MembershipFactory(community=room.community).user
    assert room_permissions.can_send_in_room(member, room)
    chat_mute(actor=moderator, room=room, user=member, minutes=10)
    assert room_permissions.can_send_in_room(member, room) is False
    with pytest.raises(PermissionDenied, match="paused your messages"):
        room_permissions.check_send_in_room(member, room)


def test_permission_pairs_the_only_owner_cannot_leave_until_they_hand_over():
    community = CommunityFactory()
    owner = MembershipFactory(community=community, role=Membership.Role.OWNER).user
    member = MembershipFactory(community=community).user
    assert permissions.can_leave(owner, community) is False
    with pytest.raises(PermissionDenied, match="Hand ownership"):
        permissions.check_leave(owner, community)
    assert permissions.can_leave(member, community)
    assert permissions.can_leave(UserFactory(), community) is False


def test_permission_pairs_agree_for_every_kind_of_member():
    community = CommunityFactory()
    room = default_room_ensure(community=community)
    people = [UserFactory()] + [
        MembershipFactory(community=community, role=role, state=state).user
        for role in Membership.Role.values
        for state in (Membership.State.ACTIVE, Membership.State.SUSPENDED, Membership.State.LEFT)
    ]
    pairs = [
        (permissions.can_view_content, permissions.check_view_content, community),
        (permissions.can_post_in, permissions.check_post_in, community),
        (permissions.can_moderate, permissions.check_moderate, community),
        (permissions.can_own, permissions.check_own, community),
        (permissions.can_leave, permissions.check_leave, community),
        (room_permissions.can_view_room, room_permissions.check_view_room, room),
        (room_permissions.can_send_in_room, room_permissions.check_send_in_room, room),
        (room_permissions.can_moderate_room, room_permissions.check_moderate_room, room),
    ]
    for user in people:
        for can, check, target in pairs:
            try:
                check(user, target)
            except (PermissionDenied, Http404):
                passed = False
            else:
                passed = True
            assert can(user, target) is passed, (can.__name__, user)
