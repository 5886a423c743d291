"""How the safety wing answers what the forum and rooms announce (registered in ready())."""

from communities.hooks import MESSAGE_WRITTEN, POST_WRITTEN
from communities.models import Post
from communities.rooms.models import ChatMessage
from communities.safety.services import crisis_flag_chat_message, crisis_flag_post, notify_moderators_of_held
from zenora.hooks import register_hook


def _post_written(*, post: Post, crisis_level: str, held: bool) -> None:
    if held:
        notify_moderators_of_held(post)
    if crisis_level:
        crisis_flag_post(post=post, level=crisis_level)


def _message_written(*, message: ChatMessage, crisis_level: str) -> None:
    if crisis_level:
        crisis_flag_chat_message(message=message, level=crisis_level)


def register_safety_hooks() -> None:
    register_hook(POST_WRITTEN, _post_written, name="safety.post_written")
    register_hook(MESSAGE_WRITTEN, _message_written, name="safety.message_written")
