from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from notifications.selectors import unread_notification_count


def unread_notifications(request: HttpRequest) -> dict:
    """The nav's unread count: one indexed COUNT, and only when a template actually shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notification_count": 0}
    return {"unread_notification_count": SimpleLazyObject(lambda: unread_notification_count(user))}
