from types import SimpleNamespace

import pytest

from communities.models import Membership
from communities.rooms.services import default_room_ensure
from communities.tests.factories import CommunityFactory, MembershipFactory, UserFactory


@pytest.fixture
def clinic():
    """A group with its owner (a facilitator), a moderator, two members and an outsider."""
    community = CommunityFactory(name="Riverside peer support")
    owner = MembershipFactory(
        community=community, role=Membership.Role.OWNER, user__display_name="Priya"
    ).user
    moderator = MembershipFactory(
        community=community, role=Membership.Role.MODERATOR, user__display_name="Mo"
    ).user
    alex = MembershipFactory(
        community=community, user__display_name="Alex", user__time_zone="America/New_York"
    ).user
    sam = MembershipFactory(community=community, user__display_name="Sam", user__time_zone="Asia/Tokyo").user
    outsider = UserFactory(display_name="Olive")
    room = default_room_ensure(community=community)
    return SimpleNamespace(
        community=community,
        room=room,
        owner=owner,
        moderator=moderator,
        alex=alex,
        sam=sam,
        outsider=outsider,
    )
