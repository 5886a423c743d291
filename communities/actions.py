"""What a moderator can do to a person on the group's people page: one table that the view
dispatches through and the page reads to show only the buttons that apply.

Each action is a check (does it apply to this person, for this moderator?) and the service
that does it; the service still checks permission itself.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from django.utils import timezone

from communities import services
from communities.models import Membership
from communities.permissions import can_own


@dataclass(frozen=True)
class MemberAction:
    label: str
    applies: Callable[[Any, Membership], bool]  # (actor, target)
    run: Callable[[Any, Membership, dict], object]  # (actor, target, form data)


def _requested(actor, target: Membership) -> bool:
    return target.state == Membership.State.REQUESTED


def _owner_on_current(actor, target: Membership) -> bool:
    return target.is_current and can_own(actor, target.community)


def _manageable(actor, target: Membership) -> bool:
    """A current member, and a moderator or owner only when the actor owns the group."""
    return target.is_current and (target.role == Membership.Role.MEMBER or can_own(actor, target.community))


def _reinstatable(actor, target: Membership) -> bool:
    suspended = target.state == Membership.State.SUSPENDED and _manageable(actor, target)
    return suspended or target.state == Membership.State.BANNED


def _suspend(actor, target: Membership, data: dict) -> Membership:
    until = timezone.make_aware(datetime.combine(data["suspend_until"], time.min))
    return services.membership_suspend(actor=actor, membership=target, until=until)


MEMBER_ACTIONS: dict[str, MemberAction] = {
    "approve": MemberAction(
        "Approve request",
        _requested,
        lambda actor, target, data: services.join_request_decide(
            actor=actor, membership=target, approve=True
        ),
    ),
    "decline": MemberAction(
        "Decline request",
        _requested,
        lambda actor, target, data: services.join_request_decide(
            actor=actor, membership=target, approve=False
        ),
    ),
    "make_moderator": MemberAction(
        "Make moderator",
        lambda actor, target: _owner_on_current(actor, target) and target.role == Membership.Role.MEMBER,
        lambda actor, target, data: services.membership_set_role(
            actor=actor, membership=target, role=Membership.Role.MODERATOR
        ),
    ),
    "make_member": MemberAction(
        "Make member",
        lambda actor, target: _owner_on_current(actor, target) and target.role == Membership.Role.MODERATOR,
        lambda actor, target, data: services.membership_set_role(
            actor=actor, membership=target, role=Membership.Role.MEMBER
        ),
    ),
    "transfer": MemberAction(
        "Hand over ownership",
        lambda actor, target: _owner_on_current(actor, target) and target.state == Membership.State.ACTIVE,
        lambda actor, target, data: services.ownership_transfer(
            actor=actor, community=target.community, to=target
        ),
    ),
    "suspend": MemberAction(
        "Suspend",
        lambda actor, target: _manageable(actor, target) and target.state == Membership.State.ACTIVE,
        _suspend,
    ),
    "reinstate": MemberAction(
        "Reinstate",
        _reinstatable,
        lambda actor, target, data: services.membership_reinstate(actor=actor, membership=target),
    ),
    "remove": MemberAction(
        "Remove",
        _manageable,
        lambda actor, target, data: services.membership_remove(actor=actor, membership=target),
    ),
    "ban": MemberAction(
        "Ban",
        _manageable,
        lambda actor, target, data: services.membership_ban(actor=actor, membership=target),
    ),
}


def member_actions_for(actor, target: Membership) -> set[str]:
    """The actions the people page offers on ``target``: none on the actor themselves."""
    if target.user_id == actor.pk:
        return set()
    return {key for key, action in MEMBER_ACTIONS.items() if action.applies(actor, target)}
