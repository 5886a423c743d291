"""Cards on the Today page: each app registers one, so Today grows without knowing the apps.

A card is a template and a function that returns its context for the signed-in user
(or ``None`` to leave the card out). Keep each card's context to a fixed number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

CardContext = Callable[[Any], dict[str, Any] | None]


@dataclass(frozen=True)
class TodayCard:
    name: str
    template: str
    context: CardContext
    order: int


_cards: dict[str, TodayCard] = {}


def register_today_card(name: str, *, template: str, context: CardContext, order: int = 100) -> None:
    _cards[name] = TodayCard(name=name, template=template, context=context, order=order)


def today_cards_for(user) -> list[dict[str, Any]]:
    """The cards to show this user, in order, each with its template and context."""
    cards = []
    for card in sorted(_cards.values(), key=lambda c: (c.order, c.name)):
        context = card.context(user)
        if context is not None:
            cards.append({"name": card.name, "template": card.template, "context": context})
    return cards
