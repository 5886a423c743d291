"""One rule per permission: ``check_*`` is the rule, ``can_*`` asks whether it would pass.

Written once, the two can't drift apart (Misago's "can is check didn't raise")::

    def check_reply(user, thread): ...raise PermissionDenied("This thread is locked.")
    def can_reply(user, thread) -> bool:
        return allowed(check_reply, user, thread)
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404


def allowed(check: Callable[..., None], *args: Any, **kwargs: Any) -> bool:
    """True when ``check(*args, **kwargs)`` returns; False when it refuses (403 or 404)."""
    try:
        check(*args, **kwargs)
    except (PermissionDenied, Http404):
        return False
    return True
