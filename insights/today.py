"""The early-warning card on Today: the level, why, the data behind it and what might help."""

import datetime
from typing import Any

from django.utils import timezone

from insights.selectors import CARD_DAYS, personal_insights, settings_for
from insights.services import entry_signals_refresh

LEVEL_TEXT = {
    "steady": "Steady: your recent days sit within your usual range.",
    "watch": "Watch: some of your signals have drifted from your usual.",
    "act": "Act: several signals have changed together. This may be the time to reach for support.",
}


def level_context(user, *, days: int = CARD_DAYS) -> dict[str, Any]:
    from insights.suggestions import suggestions_for
    from insights.warning import plain_summary

    prefs = settings_for(user)
    entry_signals_refresh(user=user, since=timezone.now() - datetime.timedelta(days=days + 1))
    insights = personal_insights(user, days=days)
    assessment = insights.assessment
    return {
        "prefs": prefs,
        "insights": insights,
        "assessment": assessment,
        "level_text": LEVEL_TEXT.get(assessment.level or "", ""),
        "summary": plain_summary(assessment),
        "suggestions": suggestions_for(user, insights, prefs=prefs) if prefs.enabled else [],
        "crisis": _crisis(assessment.crisis_recent),
    }


def _crisis(recent: bool) -> dict[str, Any] | None:
    if not recent:
        return None
    from zenora.crisis import crisis_resources

    return crisis_resources()


def today_card_context(user) -> dict[str, Any] | None:
    context = level_context(user)
    if not context["prefs"].enabled and context["crisis"] is None:
        return None
    context["suggestions"] = context["suggestions"][:2]
    return context
