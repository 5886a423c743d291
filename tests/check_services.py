"""Before the suite: PostgreSQL and Redis must answer, or we say which and how to start it."""

import os
import socket
import sys
from urllib.parse import urlsplit

SERVICES = {
    "PostgreSQL": (
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zenora"),
        5432,
        "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    ),
    "Redis": (
        os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        6379,
        "redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no",
    ),
}


def unreachable() -> list[str]:
    problems = []
    for name, (url, default_port, how) in SERVICES.items():
        parts = urlsplit(url)
        host, port = parts.hostname or "127.0.0.1", parts.port or default_port
        try:
            socket.create_connection((host, port), timeout=2).close()
        except OSError as error:
            problems.append(
                f"{name} is not reachable at {host}:{port} ({error.strerror or error}).\n  Start it with: {how}"
            )
    return problems


if __name__ == "__main__":
    found = unreachable()
    if found:
        print("The tests run against the real PostgreSQL and Redis, and cannot start:", file=sys.stderr)
        print("\n".join(found), file=sys.stderr)
        sys.exit(2)
