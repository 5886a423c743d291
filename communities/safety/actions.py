"""What a moderator can do from the queue: one table that the queue view dispatches through
and the queue page reads to show only the buttons that apply to each item.

Each action is a check (does it apply to this item?) and the service that does it; every
service checks permission and writes the moderation log itself.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.utils import timezone

from communities.models import Community, Post
from communities.rooms.models import ChatMessage
from communities.safety import services as moderation
from communities.safety.models import Report
from communities.services import thread_set_locked


@dataclass(frozen=True)
class QueueItem:
    """One thing in the queue: a post or a chat message, and the report that brought it there."""

    community: Community
    post: Post | None = None
    message: ChatMessage | None = None
    report: Report | None = None

    @property
    def author(self):
        if self.post is not None:
            return self.post.author
        return self.message.author if self.message is not None else None


@dataclass(frozen=True)
class QueueAction:
    key: str
    label: str  # the form's choice, and the "Done: …" message
    button: str
    style: str
    applies: Callable[[QueueItem], bool]
    run: Callable[..., object]  # (moderator, item, data)


def _post(item: QueueItem) -> bool:
    return item.post is not None


def _until(data: dict) -> datetime:
    if data.get("suspend_until") is None:
        raise ValidationError("Choose a date in the future to suspend until.")
    return timezone.make_aware(datetime.combine(data["suspend_until"], time.min))


def _author(item: QueueItem):
    if item.author is None:
        raise ValidationError("The author is no longer a member of this group.")
    return item.author


QUEUE_ACTIONS: tuple[QueueAction, ...] = (
    QueueAction(
        "approve", "Approve", "Approve", "button",
        lambda item: _post(item) and item.post.state == Post.State.HELD,
        lambda moderator, item, data: moderation.post_approve(moderator=moderator, post=item.post, reason=data["reason"]),
    ),
    QueueAction(
        "hide", "Hide with a note to the author", "Hide with the note", "button button-quiet",
        lambda item: _post(item) and item.post.state != Post.State.HIDDEN and not item.post.is_deleted,
        lambda moderator, item, data: moderation.post_hide(
            moderator=moderator, post=item.post, note=data["note"], reason=data["reason"]
        ),
    ),
    QueueAction(
        "restore", "Restore", "Restore", "button button-quiet",
        lambda item: _post(item) and item.post.state == Post.State.HIDDEN,
        lambda moderator, item, data: moderation.post_restore(moderator=moderator, post=item.post, reason=data["reason"]),
    ),
    QueueAction(
        "delete", "Delete", "Delete", "button button-quiet",
        lambda item: _post(item) and not item.post.is_deleted,
        lambda moderator, item, data: moderation.post_remove(moderator=moderator, post=item.post, reason=data["reason"]),
    ),
    QueueAction(
        "lock", "Lock the thread", "Lock the thread", "button button-quiet",
        lambda item: _post(item) and not item.post.thread.is_locked,
        lambda moderator, item, data: thread_set_locked(
            actor=moderator, thread=item.post.thread, locked=True, reason=data["reason"]
        ),
    ),
    QueueAction(
        "delete", "Delete", "Remove the message", "button button-quiet",
        lambda item: item.post is None and item.message is not None and not item.message.is_deleted,
        lambda moderator, item, data: moderation.chat_message_remove(
            moderator=moderator, message=item.message, reason=data["reason"]
        ),
    ),
    QueueAction(
        "dismiss", "Close the report, no action", "Close, no action", "button button-quiet",
        lambda item: item.report is not None,
        lambda moderator, item, data: moderation.report_dismiss(
            moderator=moderator, report=item.report, reason=data["reason"]
        ),
    ),
    QueueAction(
        "suspend", "Suspend the author", "Suspend the author", "button button-quiet",
        lambda item: True,
        lambda moderator, item, data: moderation.member_suspend(
            moderator=moderator, community=item.community, user=_author(item), until=_until(data), reason=data["reason"]
        ),
    ),
    QueueAction(
        "ban", "Ban the author", "Ban the author", "button button-danger",
        lambda item: True,
        lambda moderator, item, data: moderation.member_ban(
            moderator=moderator, community=item.community, user=_author(item), reason=data["reason"]
        ),
    ),
)  # fmt: skip

# The form's choices: each key once, with its label.
QUEUE_ACTION_CHOICES = list({action.key: action.label for action in QUEUE_ACTIONS}.items())


def queue_actions_for(item: QueueItem) -> list[QueueAction]:
    """The buttons the queue shows on ``item``, in order."""
    return [action for action in QUEUE_ACTIONS if action.applies(item)]


def queue_action(key: str, item: QueueItem) -> QueueAction:
    """The action a moderator chose, if it applies to this item."""
    for action in QUEUE_ACTIONS:
        if action.key == key and action.applies(item):
            return action
    raise ValidationError("That action doesn't apply to this item.")
