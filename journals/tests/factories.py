from django.utils import timezone

from accounts.tests.factories import UserFactory
from journals.content_types import EntryContent
from journals.services import entry_create

__all__ = ["UserFactory", "make_entry"]


def make_entry(user, *, body="A quiet day.", title="", tags=None, mood=None, prompt="", created_at=None):
    """An entry written through the service, so it is encrypted exactly as the app does it."""
    content = EntryContent(title=title, body=body, tags=list(tags or []), mood=mood, prompt=prompt)
    return entry_create(user=user, content=content, created_at=created_at or timezone.now())
