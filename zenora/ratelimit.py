"""Counting actions per window, shared by every process through the cache.

``hit`` counts one action and says whether it is still within the limit. On Redis it costs a
single round trip (INCR and EXPIRE in one pipeline) — it sits on the chat's busiest path; on
other caches (the embedded default's local memory) it falls back to the portable add/incr.
A cache outage never blocks anyone: the action is allowed and the outage logged.
"""

import logging
import time

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)


def hit(name: str, *, limit: int, window_seconds: int) -> bool:
    """Count one action under ``name``; True while at most ``limit`` happened in this window."""
    window = int(time.time()) // window_seconds
    key = f"rate:{name}:{window}"
    try:
        count = _incr_with_expiry(key, window_seconds * 2)
    except Exception as error:  # noqa: BLE001 - a cache outage must not stop people acting
        logger.warning("rate limit unavailable", extra={"error": type(error).__name__})
        return True
    return count <= limit


def _incr_with_expiry(key: str, ttl: int) -> int:
    backend = caches[DEFAULT_CACHE_ALIAS]
    if isinstance(backend, RedisCache):
        full_key = backend.make_and_validate_key(key)
        client = backend._cache.get_client(full_key, write=True)  # noqa: SLF001 - one pipelined round trip
        pipe = client.pipeline(transaction=False)
        pipe.incr(full_key)
        pipe.expire(full_key, ttl, nx=True)
        return int(pipe.execute()[0])
    backend.add(key, 0, timeout=ttl)
    return backend.incr(key)
