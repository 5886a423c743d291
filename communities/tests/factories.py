import factory
from django.utils import timezone

from accounts.tests.factories import DEFAULT_PASSWORD as PASSWORD
from accounts.tests.factories import UserFactory
from communities.models import Community, Invitation, Membership

__all__ = ["PASSWORD", "UserFactory", "CommunityFactory", "MembershipFactory", "InvitationFactory"]


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    name = factory.Sequence(lambda n: f"Clinic group {n}")
    slug = factory.Sequence(lambda n: f"clinic-group-{n}")
    description = "Peer support for the team."
    guidelines = "Be kind. Keep client details out."
    guidelines_html = "<p>Be kind. Keep client details out.</p>"
    join_policy = Community.JoinPolicy.INVITE


class MembershipFactory(factory.django.DjangoModelFactory):
    """An active member who has accepted the current guidelines, unless told otherwise."""

    class Meta:
        model = Membership

    community = factory.SubFactory(CommunityFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.MEMBER
    state = Membership.State.ACTIVE
    joined_at = factory.LazyFunction(timezone.now)
    guidelines_accepted_version = factory.LazyAttribute(lambda m: m.community.guidelines_version)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    community = factory.SubFactory(CommunityFactory)
    created_by = factory.SubFactory(UserFactory)
