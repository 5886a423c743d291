"""Fixtures shared by every app's tests."""

import os

import psycopg
import pytest
import redis
from django.conf import settings
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clean_cache():
    """Rate limits and cached pages must not leak from one test into the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session", autouse=True)
def _leave_no_redis_keys():
    """Everything this run wrote to Redis lives under its prefix (settings_test); remove it at the end."""
    yield
    prefix = os.environ.get("REDIS_KEY_PREFIX")
    if not prefix or not settings.REDIS_URL:
        return
    client = redis.Redis.from_url(settings.REDIS_URL)
    for key in client.scan_iter(match=f"{prefix}*", count=500):
        client.unlink(key)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Drop the test database at the end even if a thread that served a socket, or a server a
    test started, still holds a connection to it: nothing of a test run is left in PostgreSQL."""
    from django.db import connection

    test_database = connection.settings_dict["NAME"]
    yield
    server = {**connection.settings_dict, "NAME": "postgres"}
    with psycopg.connect(
        host=server["HOST"] or "127.0.0.1",
        port=server["PORT"] or 5432,
        user=server["USER"] or "postgres",
        dbname="postgres",
        autocommit=True,
    ) as maintenance:
        maintenance.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [test_database],
        )
