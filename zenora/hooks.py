"""Announcements a lower layer makes and a higher one answers, so neither imports the other.

The forum announces "a post was written"; the safety wing, which sits above it, registers a
handler in ``ready()`` and flags what needs a moderator. The announcer never learns who
listens. Two ways to use a hook:

- ``announce(hook, **facts)`` calls every handler, in registration order, for its effect;
- ``collect(hook, **facts)`` calls every handler and returns what each gave back (for example
  the parts of a page another wing adds), leaving out ``None``.

Handlers run synchronously, inside the announcer's transaction: one that must wait for the
commit schedules its work with ``transaction.on_commit`` itself. A handler registered twice
under the same name replaces the first (``ready()`` may run more than once in tests).
"""

from collections.abc import Callable
from typing import Any

Handler = Callable[..., Any]

_handlers: dict[str, dict[str, Handler]] = {}


def register_hook(hook: str, handler: Handler, *, name: str = "") -> None:
    """Answer ``hook`` with ``handler(**facts)``; ``name`` (default: its dotted path) keeps it unique."""
    name = name or f"{handler.__module__}.{handler.__qualname__}"
    _handlers.setdefault(hook, {})[name] = handler


def handlers_for(hook: str) -> list[Handler]:
    return list(_handlers.get(hook, {}).values())


def announce(hook: str, **facts: Any) -> None:
    for handler in handlers_for(hook):
        handler(**facts)


def collect(hook: str, **facts: Any) -> list[Any]:
    return [result for handler in handlers_for(hook) if (result := handler(**facts)) is not None]
