from typing import Any

from allauth.usersessions.models import UserSession
from django.db import transaction
from django.utils import timezone

from accounts.hooks import SESSIONS_ENDED
from accounts.models import User
from accounts.personal_data import personal_data_sections
from zenora.hooks import announce


def account_export(*, user: User) -> dict[str, Any]:
    """Everything the user owns, as JSON-ready data; each app adds its own section."""
    data: dict[str, Any] = {
        "format": "zenora-export",
        "version": 1,
        "exported_at": timezone.now().isoformat(),
    }
    for section in personal_data_sections():
        data[section.name] = section.export(user)
    return data


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Remove the user and everything of theirs; apps' erasers run first, in their order."""
    for section in personal_data_sections():
        if section.erase is not None:
            section.erase(user)
    # Sign the person out everywhere: a cascade would drop the session list but leave the
    # session data itself (with the user's id in it) in the session store.
    for session in UserSession.objects.filter(user=user):
        session.end()
    user.delete()


@transaction.atomic
def profile_update(*, user: User, display_name: str, role: str, time_zone: str, language: str) -> User:
    user.display_name = display_name
    user.role = role
    user.time_zone = time_zone
    user.language = language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["display_name", "role", "time_zone", "language"])
    return user


@transaction.atomic
def account_deactivate(*, user: User) -> None:
    """Stop a person signing in and end every session they have; their data stays, untouched.

    Reversible with ``account_reactivate``. Deleting the account is the person's own choice."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    ended = []
    for session in UserSession.objects.filter(user=user):
        ended.append(session.session_key)
        session.end()
    transaction.on_commit(lambda: announce(SESSIONS_ENDED, session_keys=ended))


@transaction.atomic
def account_reactivate(*, user: User) -> None:
    user.is_active = True
    user.save(update_fields=["is_active"])
