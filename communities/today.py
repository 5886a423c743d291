"""The groups card on the Today page: each of my groups with what's new since my last visit. One query."""

from typing import Any

from django.db.models import Count, F, Q

from communities.models import Membership
from communities.selectors import INSIDE


def groups_today_card(user) -> dict[str, Any] | None:
    memberships = list(
        Membership.objects.filter(user=user, state__in=INSIDE)
        .select_related("community")
        .annotate(
            new_threads=Count(
                "community__threads",
                filter=Q(community__threads__last_post_at__gt=F("last_visited_at"))
                | Q(last_visited_at__isnull=True),
            )
        )
        .order_by("community__name")[:5]
    )
    if not memberships:
        return None
    return {"memberships": memberships}
