"""The journal's card on the Today page: a prompt to start from and a way in. One query."""

from typing import Any

from journals.prompts import random_prompt
from journals.selectors import journal_summary


def journal_today_card(user) -> dict[str, Any]:
    summary = journal_summary(user)
    return {"prompt": random_prompt(), "count": summary["count"], "last_written": summary["last_written"]}
