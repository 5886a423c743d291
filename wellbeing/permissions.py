"""Who may see and change what: only the author, ever. What isn't yours answers 404."""

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404

from wellbeing.dates import local_date_of, local_today
from zenora.permissions import allowed


def check_owns(user, obj) -> None:
    if not (user.is_authenticated and obj.user_id == user.pk):
        raise Http404


def can_see(user, obj) -> bool:
    return allowed(check_owns, user, obj)


def can_edit_checkin(user, checkin, *, now: datetime.datetime | None = None) -> bool:
    """A check-in can be changed on its own day, or on the day it was filled in."""
    if not can_see(user, checkin):
        return False
    today = local_today(user, now=now)
    return today in (checkin.day, local_date_of(user, checkin.created_at))


def check_edit_checkin(user, checkin, *, now: datetime.datetime | None = None) -> None:
    check_owns(user, checkin)
    if not can_edit_checkin(user, checkin, now=now):
        raise ValidationError(
            "A check-in can be changed on the day it is for, or the day you filled it in. "
            "This one is kept as it was."
        )
