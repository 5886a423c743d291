"""The debriefs card on Today: upcoming and live sessions in my groups. One query."""

from typing import Any

from debriefs.selectors import upcoming_for_user


def debriefs_today_card(user) -> dict[str, Any] | None:
    sessions = upcoming_for_user(user)
    if not sessions:
        return None
    return {"sessions": sessions}
