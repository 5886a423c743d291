"""The 'continue learning' card on Today."""

from typing import Any

from learning.selectors import continue_learning


def today_card_context(user) -> dict[str, Any] | None:
    suggestion = continue_learning(user)
    if suggestion is None:
        return None
    return {"continue": suggestion}
