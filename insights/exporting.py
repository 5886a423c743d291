"""A person's insights data for "export my data": settings, derived signals, self-checks, opt-ins."""

from typing import Any

from insights.models import DailyLevel, SelfCheck, TeamShare
from insights.selectors import settings_for, signals_export


def insights_export(user) -> dict[str, Any]:
    prefs = settings_for(user)
    return {
        "settings": {
            "enabled": prefs.enabled,
            "sensitivity": prefs.sensitivity,
            "dismissed_suggestion_kinds": list(prefs.dismissed_kinds or []),
        },
        "entry_signals": signals_export(user),
        "daily_levels": [
            {"day": day.isoformat(), "level": level, "points": points, "reasons": keys}
            for day, level, points, keys in DailyLevel.objects.filter(user=user)
            .order_by("day")
            .values_list("day", "level", "points", "reason_keys")
        ],
        "self_checks": [
            {
                "instrument": check.instrument.slug,
                "version": check.instrument_version,
                "answers": check.answers,
                "scores": check.scores,
                "created_at": check.created_at.isoformat(),
            }
            for check in SelfCheck.objects.filter(user=user)
            .select_related("instrument")
            .order_by("created_at")
        ],
        "team_sharing": [
            {"community": share.community.slug, "opted_in_at": share.opted_in_at.isoformat()}
            for share in TeamShare.objects.filter(user=user).select_related("community")
        ],
    }
