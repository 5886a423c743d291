"""The state of each service Zenora depends on, for /healthz.

The kernel checks the services every instance has (database, cache, channel layer, broker);
apps add their own with ``register_health_check`` in ``ready()`` (reminders report the beat).
"""

import asyncio
import time
import uuid
from collections.abc import Callable
from typing import Any

from asgiref.sync import async_to_sync, iscoroutinefunction, sync_to_async
from celery import current_app
from channels.layers import get_channel_layer
from django.core.cache import cache
from django.db import connection
from django.utils.decorators import sync_and_async_middleware

HEALTHZ_PATH = "/healthz"

_checks: dict[str, Callable[[], dict[str, Any] | None]] = {}


def register_health_check(name: str, check: Callable[[], dict[str, Any] | None]) -> None:
    """``check`` raises when the service is down, or returns details to show (an "ok" among
    them overrides the verdict, as the beat does when its last tick is too old)."""
    _checks[name] = check


def _timed(check) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        detail = check()
    except Exception as error:  # noqa: BLE001 - any failure means "down", reported by type only
        return {"ok": False, "error": type(error).__name__}
    result = {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}
    if detail:
        result.update(detail)
    return result


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=5)
    if cache.get(key) != "1":
        raise RuntimeError("cache did not return what was stored")
    cache.delete(key)


async def _layer_round_trip(layer) -> None:
    channel = await layer.new_channel()
    await layer.send(channel, {"type": "healthz.ping"})
    message = await asyncio.wait_for(layer.receive(channel), timeout=2)
    if message.get("type") != "healthz.ping":
        raise RuntimeError("channel layer returned something else")


def _channel_layer() -> dict[str, str]:
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer configured")
    async_to_sync(_layer_round_trip)(layer)
    return {"backend": type(layer).__name__}


def _broker() -> dict[str, str]:
    with current_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
        return {"transport": conn.transport_cls if isinstance(conn.transport_cls, str) else "custom"}


register_health_check("database", _database)
register_health_check("cache", _cache)
register_health_check("channel_layer", _channel_layer)
register_health_check("broker", _broker)


def health_report() -> dict[str, Any]:
    return {name: _timed(check) for name, check in _checks.items()}


@sync_and_async_middleware
def healthz_middleware(get_response):
    """Answer ``/healthz`` before the host check, the SSL redirect and everything else.

    The container's probe (docker-compose.yml) asks daphne on 127.0.0.1 over plain http: with
    the production ``ALLOWED_HOSTS`` that used to be a 400 DisallowedHost with an ERROR
    traceback on every probe, or a 301 to https. The report names services and timings only.
    """
    from zenora.views import healthz

    if iscoroutinefunction(get_response):

        async def middleware(request):
            if request.path_info == HEALTHZ_PATH:
                return await sync_to_async(healthz)(request)
            return await get_response(request)

    else:

        def middleware(request):
            if request.path_info == HEALTHZ_PATH:
                return healthz(request)
            return get_response(request)

    return middleware
