"""Realtime from services: one way to tell a Channels group that something changed.

Services call ``broadcast_on_commit``; the event is sent only after the transaction commits,
so a client never hears of a row it cannot read yet. If the channel layer is down (Redis
restarting), the event is dropped and logged: clients catch up from the database when they
reconnect, so nothing is lost — the layer is a doorbell, not the record.
"""

import asyncio
import logging
import os
from typing import Any

from asgiref.sync import SyncToAsync, async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def _serving_event_loop() -> asyncio.AbstractEventLoop | None:
    """The running event loop that handed this thread its work (inside daphne), if any.

    asgiref records it for every thread it runs sync code in; async_to_sync uses the same record.
    """
    local = SyncToAsync.threadlocal
    loop = getattr(local, "main_event_loop", None)
    if loop is not None and getattr(local, "main_event_loop_pid", None) == os.getpid() and loop.is_running():
        return loop
    return None


async def _send(layer, group: str, event: dict[str, Any]) -> bool:
    try:
        await layer.group_send(group, event)
    except Exception as error:  # noqa: BLE001 - any layer failure is survivable, see module docstring
        logger.warning("channel layer send failed", extra={"group": group, "error": type(error).__name__})
        return False
    return True


def group_send(group: str, event: dict[str, Any]) -> bool:
    """Send ``event`` to ``group``; False (and a warning) when the layer is unreachable.

    Inside the server the send is handed to its event loop without waiting: Channels runs a
    process's database work on one thread, which must not sit idle while Redis is written to.
    Events keep their order (the loop runs them first come, first served); a lost one is
    recovered by the clients' replay.
    """
    layer = get_channel_layer()
    if layer is None:
        return False
    loop = _serving_event_loop()
    if loop is not None:
        asyncio.run_coroutine_threadsafe(_send(layer, group, event), loop)
        return True
    return async_to_sync(_send)(layer, group, event)


def broadcast_on_commit(group: str, event_type: str, payload: dict[str, Any]) -> None:
    """After the current transaction commits, deliver ``{"type": event_type, **payload}`` to ``group``."""
    event = {"type": event_type, **payload}
    transaction.on_commit(lambda: group_send(group, event))
