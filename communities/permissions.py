"""Who may do what in a community. ``check_*`` is each rule and raises for services;
``can_*`` answers for templates by asking whether the check would pass (``zenora.permissions.allowed``).

Something a person may not see raises ``Http404`` so its existence does not leak; something
they can see but may not do raises ``PermissionDenied`` with a reason in plain words.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from communities.models import Community, Invitation, Membership, Post, Thread
from zenora.permissions import allowed

_CACHE_ATTR = "_membership_cache"


def membership_of(user, community: Community) -> Membership | None:
    """The person's membership, fetched once per community object (views pass objects around)."""
    if user is None or not user.is_authenticated:
        return None
    cache: dict = community.__dict__.setdefault(_CACHE_ATTR, {})
    if user.pk not in cache:
        cache[user.pk] = Membership.objects.filter(community=community, user=user).first()
    return cache[user.pk]


def remember_membership(user, community: Community, membership: Membership | None) -> None:
    community.__dict__.setdefault(_CACHE_ATTR, {})[user.pk] = membership


def forget_membership(user, community: Community) -> None:
    community.__dict__.setdefault(_CACHE_ATTR, {}).pop(user.pk, None)


# --- seeing --------------------------------------------------------------------------------


def can_view_about(user, community: Community) -> bool:
    """The front page: members always; anyone signed in for an open group, to join it."""
    membership = membership_of(user, community)
    if membership is not None and membership.state == Membership.State.BANNED:
        return False
    if membership is not None and membership.is_current:
        return True
    return bool(user.is_authenticated and community.join_policy == Community.JoinPolicy.OPEN)


def check_view_content(user, community: Community) -> None:
    membership = membership_of(user, community)
    if membership is None or not membership.is_current:
        raise Http404("No such group.")


def can_view_content(user, community: Community) -> bool:
    return allowed(check_view_content, user, community)


# --- joining -------------------------------------------------------------------------------


def can_join_directly(user, community: Community) -> bool:
    membership = membership_of(user, community)
    if membership is not None and membership.state in (Membership.State.BANNED, *_INSIDE):
        return False
    return community.join_policy == Community.JoinPolicy.OPEN or (
        membership is not None and membership.state == Membership.State.INVITED
    )


def can_request_to_join(user, community: Community) -> bool:
    membership = membership_of(user, community)
    if community.join_policy != Community.JoinPolicy.REQUEST:
        return False
    return membership is None or membership.state == Membership.State.LEFT


def check_use_invitation(user, invitation: Invitation) -> None:
    if invitation.problem:
        raise PermissionDenied(invitation.problem)
    membership = membership_of(user, invitation.community)
    if membership is not None and membership.state == Membership.State.BANNED:
        raise PermissionDenied("You can't join this group.")


_INSIDE = (Membership.State.ACTIVE, Membership.State.SUSPENDED)


def check_leave(user, community: Community) -> None:
    check_view_content(user, community)
    membership = membership_of(user, community)
    if membership.role == Membership.Role.OWNER:
        owners = community.memberships.filter(role=Membership.Role.OWNER, state__in=_INSIDE).count()
        if owners <= 1:
            raise PermissionDenied(
                "Hand ownership to another member before you leave: a group needs an owner."
            )


def can_leave(user, community: Community) -> bool:
    return allowed(check_leave, user, community)


# --- writing -------------------------------------------------------------------------------


def needs_guidelines(user, community: Community) -> bool:
    membership = membership_of(user, community)
    return membership is not None and membership.guidelines_accepted_version < community.guidelines_version


def check_post_in(user, community: Community) -> None:
    check_view_content(user, community)
    membership = membership_of(user, community)
    if membership.is_suspended_now:
        until = membership.suspended_until
        when = f" until {until:%d %B %Y}" if until else ""
        raise PermissionDenied(f"Your membership is suspended{when}, so you can read but not post.")
    if needs_guidelines(user, community):
        raise PermissionDenied("Accept the community guidelines to post.")


def can_post_in(user, community: Community) -> bool:
    return allowed(check_post_in, user, community)


def check_reply(user, thread: Thread) -> None:
    check_post_in(user, thread.community)
    if thread.is_locked and not can_moderate(user, thread.community):
        raise PermissionDenied("This thread is locked: no new replies.")


def can_reply(user, thread: Thread) -> bool:
    return allowed(check_reply, user, thread)


def check_react(user, post: Post) -> None:
    check_view_content(user, post.thread.community)
    if not membership_of(user, post.thread.community).can_write or post.is_deleted:
        raise PermissionDenied("You can't react to this post.")


def can_react(user, post: Post) -> bool:
    return allowed(check_react, user, post)


def check_edit_post(user, post: Post) -> None:
    check_view_content(user, post.thread.community)
    if post.author_id != user.pk or post.is_deleted:
        raise PermissionDenied("Only the author can edit this post.")
    check_reply(user, post.thread)  # suspended, guidelines not accepted, or a locked thread


def can_edit_post(user, post: Post) -> bool:
    return allowed(check_edit_post, user, post)


def check_delete_post(user, post: Post) -> None:
    check_view_content(user, post.thread.community)
    if post.author_id != user.pk or post.is_deleted:
        raise PermissionDenied("Only the author can delete this post.")


def can_delete_post(user, post: Post) -> bool:
    return allowed(check_delete_post, user, post)


# --- running the group ---------------------------------------------------------------------


def check_moderate(user, community: Community) -> None:
    check_view_content(user, community)
    if not membership_of(user, community).is_moderator:
        raise PermissionDenied("Only the group's moderators can do that.")


def can_moderate(user, community: Community) -> bool:
    return allowed(check_moderate, user, community)


def check_own(user, community: Community) -> None:
    check_view_content(user, community)
    if not membership_of(user, community).is_owner:
        raise PermissionDenied("Only the group's owner can do that.")


def can_own(user, community: Community) -> bool:
    return allowed(check_own, user, community)


def check_manage_member(user, target: Membership) -> None:
    """Moderators manage members; only owners manage moderators and owners."""
    community = target.community
    check_moderate(user, community)
    if target.user_id == user.pk:
        raise PermissionDenied("You can't change your own membership here.")
    if target.role in (Membership.Role.OWNER, Membership.Role.MODERATOR) and not can_own(user, community):
        raise PermissionDenied("Only the group's owner can change a moderator or owner.")


# --- safety: held and hidden posts, reports ------------------------------------------------


def can_see_thread(user, thread: Thread) -> bool:
    """A thread whose opening post is held or hidden shows to its author and the moderators only."""
    return thread.state == "visible" or thread.author_id == user.pk or can_moderate(user, thread.community)


def can_read_post(user, post: Post) -> bool:
    """The text of a held or hidden post: its author and the moderators."""
    return post.state == "visible" or post.author_id == user.pk or can_moderate(user, post.thread.community)


def can_see_real_author(user, community: Community) -> bool:
    """Who wrote an anonymous-to-peers post: the group's moderators, and only they."""
    return can_moderate(user, community)


def check_report_post(user, post: Post) -> None:
    check_view_content(user, post.thread.community)
    if post.author_id == user.pk or post.is_deleted or post.state != "visible":
        raise PermissionDenied("You can't report this post.")


def can_report_post(user, post: Post) -> bool:
    return allowed(check_report_post, user, post)


def check_report_chat_message(user, message) -> None:
    check_view_content(user, message.room.community)
    if message.author_id == user.pk or message.is_deleted:
        raise PermissionDenied("You can't report this message.")
