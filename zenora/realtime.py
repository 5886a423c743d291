"""Realtime from services: one way to tell a Channels group that something changed.

Services call ``broadcast_on_commit``; the event is sent only after the transaction commits,
so a client never hears of a row it cannot read yet. If the channel layer is down (Redis
restarting), the event is dropped and logged: clients catch up from the database when they
reconnect, so nothing is lost — the layer is a doorbell, not the record.
"""

import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def group_send(group: str, event: dict[str, Any]) -> bool:
    """Send ``event`` to ``group`` now; False (and a warning) when the layer is unreachable."""
    layer = get_channel_layer()
    if layer is None:
        return False
    try:
        async_to_sync(layer.group_send)(group, event)
    except Exception as error:  # noqa: BLE001 - any layer failure is survivable, see module docstring
        logger.warning("channel layer send failed", extra={"group": group, "error": type(error).__name__})
        return False
    return True


def broadcast_on_commit(group: str, event_type: str, payload: dict[str, Any]) -> None:
    """After the current transaction commits, deliver ``{"type": event_type, **payload}`` to ``group``."""
    event = {"type": event_type, **payload}
    transaction.on_commit(lambda: group_send(group, event))
