"""Team trends for a group's owner: k-anonymous weekly aggregates of opted-in check-ins.

Only weeks with at least ``K_ANONYMITY`` contributors show anything; no individual series,
no drill-down, no subgroups. Contributions count from the day a member opted in; opting out
removes their check-ins from every future aggregate, past weeks included.
"""

import datetime
import statistics
from dataclasses import dataclass
from typing import Any

from communities.models import Community, Membership
from insights import statistics as stats
from insights.models import TeamShare
from wellbeing.dates import week_start
from wellbeing.models import CheckIn

K_ANONYMITY = 5
WEEKS = 12
INSIDE = (Membership.State.ACTIVE, Membership.State.SUSPENDED)


@dataclass
class Week:
    start: datetime.date
    shown: bool
    contributors: int | None = None  # None when hidden
    mood: float | None = None
    mood_spread: float | None = None
    energy: float | None = None
    energy_spread: float | None = None

    @property
    def end(self) -> datetime.date:
        return self.start + datetime.timedelta(days=6)


def sharing_members(community: Community) -> dict[int, datetime.date]:
    """Opted-in people who are still inside the group, with the day their sharing began."""
    rows = TeamShare.objects.filter(
        community=community,
        user__memberships__community=community,
        user__memberships__state__in=INSIDE,
    ).values_list("user_id", "opted_in_at")
    return {user_id: opted_in_at.date() for user_id, opted_in_at in rows}


def _spread(values: list[float]) -> float:
    return round(statistics.stdev(values), 2) if len(values) > 1 else 0.0


def team_trends(community: Community, *, today: datetime.date, weeks: int = WEEKS) -> dict[str, Any]:
    """Weekly participation, mean mood and energy with spread and trend: two queries."""
    members = sharing_members(community)
    last_monday = week_start(today) - datetime.timedelta(weeks=1)  # the last complete week
    first_monday = last_monday - datetime.timedelta(weeks=weeks - 1)
    per_member: dict[tuple[datetime.date, int], list[tuple[int, int]]] = {}
    rows = CheckIn.objects.filter(
        user_id__in=list(members), day__gte=first_monday, day__lte=last_monday + datetime.timedelta(days=6)
    ).values_list("user_id", "day", "mood", "energy")
    for user_id, day, mood, energy in rows:
        if day < members[user_id]:
            continue  # consent is not retroactive
        per_member.setdefault((week_start(day), user_id), []).append((mood, energy))
    result = []
    for n in range(weeks):
        monday = first_monday + datetime.timedelta(weeks=n)
        means = [values for (start, _), values in per_member.items() if start == monday]
        if len(means) < K_ANONYMITY:
            result.append(Week(start=monday, shown=False))
            continue
        moods = [statistics.fmean(m for m, _ in values) for values in means]
        energies = [statistics.fmean(e for _, e in values) for values in means]
        result.append(
            Week(
                start=monday,
                shown=True,
                contributors=len(means),
                mood=round(statistics.fmean(moods), 1),
                mood_spread=_spread(moods),
                energy=round(statistics.fmean(energies), 1),
                energy_spread=_spread(energies),
            )
        )
    trend = stats.slope([w.mood for w in result], days=weeks, min_days=4)
    return {
        "k": K_ANONYMITY,
        "weeks": result[::-1],
        "any_shown": any(w.shown for w in result),
        "sharing_enough": len(members) >= K_ANONYMITY,
        "trend": trend,
        "trend_text": _trend_text(trend),
    }


def _trend_text(trend: stats.Slope | None) -> str:
    if trend is None:
        return "Not enough weeks to show safely to tell a trend."
    if trend.clearly_falling:
        direction = "falling"
    elif trend.clearly_rising:
        direction = "rising"
    else:
        direction = "about level"
    return (
        f"Across the weeks shown, the team's average mood is {direction}: "
        f"{trend.per_day:+.2f} a week, give or take {trend.stderr:.2f}."
    )
