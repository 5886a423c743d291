"""Settings for the test suite: always the real PostgreSQL and Redis on localhost."""

import hashlib
import os
from pathlib import Path

# One namespace per clone: two test runs (two clones, or CI beside a developer) share one
# PostgreSQL and one Redis without meeting — each has its own test database and Redis keys.
# Subprocesses the tests start (daphne, a Celery worker) inherit it through the environment.
TEST_NAMESPACE = os.environ.setdefault(
    "ZENORA_TEST_NAMESPACE",
    hashlib.sha256(str(Path(__file__).resolve().parents[1]).encode()).hexdigest()[:10],
)
os.environ.setdefault("REDIS_KEY_PREFIX", f"test-{TEST_NAMESPACE}")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zenora")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
os.environ.setdefault("STATIC_MANIFEST", "0")
# No persistent connections in tests: the test database must be droppable at the end, and
# threads that served sockets would otherwise hold it open.
os.environ.setdefault("CONN_MAX_AGE", "0")
# The suite's own process runs without a pool (pytest-django holds one connection per thread
# anyway); servers a test starts for production's shape turn it on (tests/deploy, bench/).
os.environ.setdefault("DATABASE_POOL_SIZE", "0")

from .settings import *  # noqa: E402,F403

DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{TEST_NAMESPACE}"}  # noqa: F405

# Fast hashing: the suite creates many users; production keeps Django's default hasher.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_USE_FINDERS = True
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # noqa: F405 - whitenoise warns when it is missing
# The suite runs on PostgreSQL with the keys generated under var/ on purpose.
SECRET_KEY_GENERATED = JOURNAL_KEYS_GENERATED = False
