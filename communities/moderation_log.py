"""One moderation log for the forum and live rooms: who did what, to what, when and why."""

from communities.models import Community, ModerationLogEntry


def log_moderation(
    *,
    moderator,
    community: Community,
    action: str,
    subject: str,
    reason: str = "",
    target_user=None,
    post=None,
    chat_message=None,
) -> ModerationLogEntry:
    return ModerationLogEntry.objects.create(
        community=community,
        moderator=moderator,
        action=action,
        target_user=target_user,
        subject=subject[:200],
        reason=(reason or "").strip()[:300],
        post=post,
        chat_message=chat_message,
    )
