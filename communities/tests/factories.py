import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import User
from communities.models import Community, Invitation, Membership

PASSWORD = "calm-harbour-lantern-42"


class UserFactory(factory.django.DjangoModelFactory):
    """Someone with a confirmed email address and a known password."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"member{n}@clinic.example")
    display_name = factory.Sequence(lambda n: f"Member {n}")
    role = User.Role.COUNSELLOR
    time_zone = "Europe/London"

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs) -> None:
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


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
