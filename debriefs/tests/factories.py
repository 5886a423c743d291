from datetime import timedelta

import factory
from django.utils import timezone

from communities.models import Membership
from communities.rooms.services import default_room_ensure
from communities.tests.factories import CommunityFactory, MembershipFactory
from debriefs.formats import builtin_formats
from debriefs.models import DebriefSession


def _peer_debrief():
    return builtin_formats()[0]


class DebriefSessionFactory(factory.django.DjangoModelFactory):
    """A scheduled structured peer debrief tomorrow, in the community's debrief room."""

    class Meta:
        model = DebriefSession

    community = factory.SubFactory(CommunityFactory)
    room = factory.LazyAttribute(lambda s: default_room_ensure(community=s.community))
    facilitator = factory.LazyAttribute(
        lambda s: MembershipFactory(community=s.community, role=Membership.Role.MODERATOR).user
    )
    title = factory.Sequence(lambda n: f"Debrief {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
    format_key = factory.LazyFunction(lambda: _peer_debrief().key)
    format_name = factory.LazyFunction(lambda: _peer_debrief().name)
    phases = factory.LazyFunction(lambda: _peer_debrief().phases_as_data())
