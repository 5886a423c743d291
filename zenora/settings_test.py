"""Settings for the test suite: always the real PostgreSQL and Redis on localhost."""

import os
from pathlib import Path

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zenora")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
os.environ.setdefault("STATIC_MANIFEST", "0")
# No persistent connections in tests: the test database must be droppable at the end, and
# threads that served sockets would otherwise hold it open.
os.environ.setdefault("CONN_MAX_AGE", "0")

from .settings import *  # noqa: E402,F403

# Fast hashing: the suite creates many users; production keeps Django's default hasher.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_USE_FINDERS = True
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # noqa: F405 - whitenoise warns when it is missing
