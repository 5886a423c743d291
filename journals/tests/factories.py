import factory
from django.utils import timezone

from accounts.models import User
from journals.content_types import EntryContent
from journals.services import entry_create


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"writer{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Writer {n}")
    time_zone = "Europe/London"
    password = factory.PostGenerationMethodCall("set_password", "a-long-test-password")

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            from allauth.account.models import EmailAddress

            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


def make_entry(user, *, body="A quiet day.", title="", tags=None, mood=None, prompt="", created_at=None):
    """An entry written through the service, so it is encrypted exactly as the app does it."""
    content = EntryContent(title=title, body=body, tags=list(tags or []), mood=mood, prompt=prompt)
    return entry_create(user=user, content=content, created_at=created_at or timezone.now())
