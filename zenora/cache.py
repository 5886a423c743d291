"""Django's Redis cache, with a ``clear()`` that empties only this instance's keys.

Django's own ``clear()`` is FLUSHDB: it would also take the Celery queue, the live rooms'
keys and anything else sharing the Redis database (another instance, another test run).
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

SCAN_BATCH = 500


class RedisCache(DjangoRedisCache):
    def clear(self) -> None:
        # Django's key function writes "<prefix>:<version>:<key>", so with no prefix every key
        # still starts with ":", which Celery's and Channels' keys never do.
        pattern = f"{self.key_prefix}:*"
        client = self._cache.get_client(write=True)  # noqa: SLF001 - one client for the scan
        batch: list[bytes] = []
        for key in client.scan_iter(match=pattern, count=SCAN_BATCH):
            batch.append(key)
            if len(batch) >= SCAN_BATCH:
                client.unlink(*batch)
                batch.clear()
        if batch:
            client.unlink(*batch)
