"""A journal has one reader: its author. Not staff, not a moderator, not a superuser."""

from django.http import Http404

from journals.models import Entry
from zenora.permissions import allowed


def check_read_entry(user, entry: Entry) -> None:
    if not (user.is_authenticated and entry.user_id == user.pk):
        raise Http404


def can_read_entry(user, entry: Entry) -> bool:
    return allowed(check_read_entry, user, entry)
