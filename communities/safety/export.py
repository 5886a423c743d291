"""A person's safety data for their export: content-warning choices and the reports they made."""

from typing import Any

from communities.models import SafetyPreferences
from communities.safety.models import Report


def safety_export(user) -> dict[str, Any]:
    prefs = SafetyPreferences.objects.filter(user=user).first()
    return {
        "content_warning_preferences": {
            "hidden_themes": sorted(prefs.hidden) if prefs else [],
            "always_open_themes": sorted(prefs.opened) if prefs else [],
        },
        "reports_made": [
            {"reason": r.reason, "note": r.note, "created_at": r.created_at.isoformat(), "open": r.is_open}
            for r in Report.objects.filter(reporter=user).order_by("created_at")
        ],
    }
