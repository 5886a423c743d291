"""What every benchmark shares: a PostgreSQL database and Redis keys of its own, gone afterwards.

Call ``use_own_stores(name)`` before ``django.setup()``; run the measurement inside
``own_stores()``. The database is ``test_<BENCH_DATABASE or zenora_bench_<name>>_<clone>``,
created and dropped by Django's test utilities on the server ``DATABASE_URL`` names; Redis
keys live under a prefix made for this run and are deleted at the end. Nothing else on the
server — a real database, another Redis database, a test run beside it — is touched.
"""

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def use_own_stores(name: str) -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zenora").rsplit("/", 1)[0]
    os.environ["DATABASE_URL"] = f"{server}/{os.environ.get('BENCH_DATABASE', f'zenora_bench_{name}')}"
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    os.environ["REDIS_KEY_PREFIX"] = f"bench-{name}-{os.getpid()}"


def database_url() -> str:
    """The throwaway database's address, for servers and workers the bench starts."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    user, host, port = db.get("USER") or "postgres", db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{db['NAME']}"


@contextlib.contextmanager
def own_stores() -> Iterator[None]:
    from django.db import connection
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        yield
    finally:
        _end_other_connections(connection)
        connection.close()
        teardown_databases(old, verbosity=0)
        _delete_own_redis_keys()


def _end_other_connections(connection) -> None:
    """Servers the bench started may have left a connection behind; the drop must not wait on it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def _delete_own_redis_keys() -> None:
    import redis

    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    for key in client.scan_iter(match=f"{os.environ['REDIS_KEY_PREFIX']}:*", count=500):
        client.unlink(key)
