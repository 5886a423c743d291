"""How live rooms answer what the groups announce (registered in CommunitiesConfig.ready())."""

from typing import Any

from accounts.hooks import SESSIONS_ENDED
from communities.hooks import COMMUNITY_CREATED, GROUP_HOME_CONTEXT, MEMBERSHIP_CHANGED
from communities.models import Community, Membership
from communities.rooms.consumers import session_group
from communities.rooms.selectors import rooms_with_unread
from communities.rooms.services import default_room_ensure, refresh_member_sockets_on_commit
from zenora.hooks import register_hook
from zenora.realtime import group_send


def _community_created(*, community: Community) -> None:
    default_room_ensure(community=community)


def _membership_changed(*, membership: Membership) -> None:
    refresh_member_sockets_on_commit(membership.user)


def _group_home_context(*, community: Community, user) -> dict[str, Any]:
    return {"rooms": rooms_with_unread(community, user)}


def register_room_hooks() -> None:
    register_hook(COMMUNITY_CREATED, _community_created, name="rooms.default_room")
    register_hook(MEMBERSHIP_CHANGED, _membership_changed, name="rooms.refresh_sockets")
    register_hook(GROUP_HOME_CONTEXT, _group_home_context, name="rooms.group_home")
    register_hook(SESSIONS_ENDED, _sessions_ended, name="rooms.end_session_sockets")


def _sessions_ended(*, session_keys: list[str]) -> None:
    """A deactivated account's sockets close at once, as signing out closes its session's."""
    for session_key in session_keys:
        group_send(session_group(session_key), {"type": "chat.session_ended"})
