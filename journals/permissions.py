"""A journal has one reader: its author. Not staff, not a moderator, not a superuser."""

from django.http import Http404

from journals.models import Entry


def can_read_entry(user, entry: Entry) -> bool:
    return bool(user.is_authenticated and entry.user_id == user.pk)


def check_read_entry(user, entry: Entry) -> None:
    if not can_read_entry(user, entry):
        raise Http404
