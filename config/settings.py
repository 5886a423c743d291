"""Zenora settings: everything comes from environment variables.

With nothing set, Zenora runs in its embedded default: SQLite, an in-memory channel layer,
a local-memory cache, Celery over the filesystem and console email, all under ``var/``.
Setting ``DATABASE_URL`` and ``REDIS_URL`` switches to PostgreSQL and Redis.
"""

import secrets
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF

from zenora.keys import encode_master_key, is_master_key, legacy_passphrase_key, new_master_key

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("ZENORA_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env()


def _generated_secret(name: str, length: int = 50) -> str:
    """A secret kept under var/ so the embedded default survives restarts without config."""
    path = VAR_DIR / name
    if not path.exists():
        path.write_text(secrets.token_urlsafe(length))
        path.chmod(0o600)
    return path.read_text().strip()


def _generated_journal_key() -> str:
    """The embedded default's master key under var/: 32 random bytes in base64.

    A file an older version wrote in another form is rewritten, once, as the 32 bytes it was
    read as (its fingerprint, and so every wrapped data key, stays valid)."""
    path = VAR_DIR / "journal_key"
    if not path.exists():
        path.write_text(new_master_key())
        path.chmod(0o600)
    value = path.read_text().strip()
    if not is_master_key(value):
        path.write_text(encode_master_key(legacy_passphrase_key(value)))
        value = path.read_text().strip()
    return value


DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="") or _generated_secret("secret_key")
# A key generated under var/ is right for the embedded default only: zenora.checks refuses it
# with PostgreSQL, where the web, worker and beat containers would each generate their own.
SECRET_KEY_GENERATED = not env.str("SECRET_KEY", default="")
SITE_URL = env.str("SITE_URL", default=f"http://127.0.0.1:{env.str('PORT', default='8000')}").rstrip("/")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])
REDIS_URL = env.str("REDIS_URL", default="")
EMBEDDED = not env.str("DATABASE_URL", default="")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "channels",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django_htmx",
    "template_partials",
    "csp",
    "zenora",
    "accounts",
    "communities",
    "debriefs",
    "journals",
    "wellbeing",
    "reminders",
    "insights",
    "learning",
    "notifications",
]

MIDDLEWARE = [
    # First: every log record of the request, and the response, carry its id.
    "zenora.logging.RequestIdMiddleware",
    # /healthz answers before the host check and the SSL redirect: a probe from inside the
    # container asks for 127.0.0.1 over http.
    "zenora.health.healthz_middleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zenora.context_processors.site",
                "notifications.context_processors.unread_notifications",
            ],
        },
    }
]

# --- data stores -------------------------------------------------------------------------

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'zenora.sqlite3'}")}
# Under ASGI every request runs on a thread of its own and a persistent connection stays with
# its thread: one daphne left 65 idle connections after 400 requests (DESIGN.md). So no
# persistent connections on PostgreSQL; each process keeps a small psycopg pool instead, and a
# connection goes back to it when a request, a chat frame or a task is done.
_postgresql = DATABASES["default"]["ENGINE"].endswith("postgresql")
DATABASE_POOL_SIZE = env.int("DATABASE_POOL_SIZE", default=4) if _postgresql else 0
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DATABASE_POOL_SIZE else 60)
# No per-request "SELECT 1": database_sync_to_async checks connections around every call, so a
# health check would add a round trip to every chat message. A dropped connection fails once,
# then Django reconnects (the pool hands out connections it has found healthy).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
if DATABASE_POOL_SIZE > 0:
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # Django refuses a pool with persistent connections
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": DATABASE_POOL_SIZE,
        # A request waits this long for a free connection, then fails instead of hanging.
        "timeout": env.float("DATABASE_POOL_TIMEOUT", default=10.0),
        # Idle connections above min_size close after a minute.
        "max_idle": 60,
    }
if EMBEDDED:
    # Daphne, the worker and beat share one SQLite file. Transactions take the write lock when
    # they begin (a deferred one that upgrades later fails at once instead of waiting), writers
    # wait up to 20 s for each other, and WAL lets pages read while someone writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=20, transaction_mode="IMMEDIATE", init_command="PRAGMA journal_mode=WAL;"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Names this instance's keys in a Redis it may share (with another instance, or a test run with
# another): the cache, the live rooms' channels and the Celery queues each live under it.
REDIS_KEY_PREFIX = env.str("REDIS_KEY_PREFIX", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "zenora.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"{REDIS_KEY_PREFIX}:cache" if REDIS_KEY_PREFIX else "",
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            # The pub/sub layer degrades by latency instead of dropping messages (DESIGN.md).
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                "hosts": [{"address": REDIS_URL, "max_connections": 2000}],
                # Pub/sub channels ignore Redis database numbers: instances sharing one Redis
                # (or test runs using different databases) need a prefix of their own.
                "prefix": env.str(
                    "CHANNEL_LAYER_PREFIX",
                    default=f"{REDIS_KEY_PREFIX}:chat"
                    if REDIS_KEY_PREFIX
                    else "zenora:" + REDIS_URL.rsplit("/", 1)[-1],
                ),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- accounts -----------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "today"
ACCOUNT_LOGOUT_REDIRECT_URL = "landing"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Zenora] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https://") else "http"
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="Zenora")
USERSESSIONS_TRACK_ACTIVITY = True

# --- Celery -------------------------------------------------------------------------------

if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
    if REDIS_KEY_PREFIX:
        CELERY_BROKER_TRANSPORT_OPTIONS["global_keyprefix"] = f"{REDIS_KEY_PREFIX}:celery:"
else:
    _celery_dir = VAR_DIR / "celery"
    for _sub in ("queue", "processed", "control"):
        (_celery_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_celery_dir / "queue"),
        "data_folder_out": str(_celery_dir / "queue"),
        "processed_folder": str(_celery_dir / "processed"),
        "control_folder": str(_celery_dir / "control"),
        "store_processed": False,
    }
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
# No task may hold a worker (and the row locks it took) forever: the soft limit raises
# SoftTimeLimitExceeded inside the task, the hard one ends the worker process.
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=120)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=150)
# The worker and beat log through Django's LOGGING (config/celery.py), as JSON like the web.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_WORKER_REDIRECT_STDOUTS = False
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# One beat process runs these; every task is idempotent, so a restarted beat is harmless.
CELERY_BEAT_SCHEDULE: dict = {
    "communities.purge_expired_chat": {"task": "communities.purge_expired_chat", "schedule": 15 * 60},
    # Hourly; each person gets their digest once a day at most (notifications/tasks.py).
    "notifications.send_digests": {"task": "notifications.send_digests", "schedule": 3600},
    # Each night (UTC): every active person's early-warning level, in chunks of 250 people.
    "insights.recompute_all": {"task": "insights.recompute_all", "schedule": crontab(hour=3, minute=30)},
    # Claims due reminders each minute; "expires" drops ticks that piled up while no worker ran.
    "reminders.tick": {"task": "reminders.tick", "schedule": 60.0, "options": {"expires": 55}},
    # Each minute: emails of the outbox whose task was lost with a worker are queued again.
    "notifications.requeue_stale_emails": {
        "task": "notifications.requeue_stale_emails",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # Debriefs: "starting soon" notes each minute; follow-ups 72 h later and forgotten sessions hourly.
    "debriefs.send_starting_soon": {
        "task": "debriefs.send_starting_soon",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "debriefs.send_follow_ups": {"task": "debriefs.send_follow_ups", "schedule": 15 * 60},
    "debriefs.end_forgotten": {"task": "debriefs.end_forgotten", "schedule": 60 * 60},
    # Housekeeping, each night (UTC): expired sessions, old read notifications, old emails' text.
    "zenora.clear_sessions": {"task": "zenora.clear_sessions", "schedule": crontab(hour=2, minute=10)},
    "notifications.purge_read": {"task": "notifications.purge_read", "schedule": crontab(hour=2, minute=20)},
    "notifications.blank_old_emails": {
        "task": "notifications.blank_old_emails",
        "schedule": crontab(hour=2, minute=30),
    },
}
# Read notifications are deleted this many days after they were created; unread ones stay.
NOTIFICATIONS_READ_RETENTION_DAYS = env.int("NOTIFICATIONS_READ_RETENTION_DAYS", default=90)
# An email's subject and text are blanked this many days after it was sent (the record stays).
EMAIL_CONTENT_RETENTION_DAYS = env.int("EMAIL_CONTENT_RETENTION_DAYS", default=30)

# --- email --------------------------------------------------------------------------------

vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
if EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend":  # noqa: F821 - set just above
    # One JSON log line per email (with its text), instead of raw MIME on a worker's stdout.
    EMAIL_BACKEND = "zenora.mail.LoggingEmailBackend"
# Seconds before a silent SMTP server fails the send: it must never hold a worker, or the row
# lock of the email being sent, for long (the send is retried later).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Zenora <zenora@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# Who hears about server errors by email: "Name <a@b>,c@d". Unset, nobody is mailed.
ADMINS = [(address.split("<")[0].strip() or address, address) for address in env.list("ADMINS", default=[])]

# --- i18n, time ---------------------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- static -------------------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = env.str("STATIC_ROOT", default=str(VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- security -----------------------------------------------------------------------------

_https = SITE_URL.startswith("https://")
# The addresses (or networks) of the reverse proxy in front of daphne, e.g. the compose
# network's. Only a request arriving from one of them may say, in X-Forwarded-Proto and
# X-Forwarded-For, that it came over https and from whom (config/asgi.py applies that through
# zenora.proxy); from anyone else those headers are removed before Django sees them. Unset,
# nothing is trusted.
TRUSTED_PROXY = env.list("TRUSTED_PROXY", default=[])
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXY else None
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=_https)
# The container's health probe asks daphne directly over http (zenora.health answers it
# before the host check); it must not be redirected to https either.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if _https else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _https
SECURE_HSTS_PRELOAD = False
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = [
    # HSTS preload is a one-way commitment for the operator's whole domain; left to them.
    "security.W021",
]

# No third party is ever contacted from a page: everything comes from this origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

# --- logging: structured JSON on stdout ----------------------------------------------------

LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "zenora.logging.RequestIdFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {
        "stdout": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["request_id"]},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "daphne": {"level": "WARNING"},
        # Daphne's access lines (zenora.logging.DaphneAccessLog), one JSON record per request.
        "daphne.access": {"level": LOG_LEVEL},
        # Replaces Django's own handlers (plain text on stderr in DEBUG): JSON through the root,
        # and server errors by email to ADMINS (nobody when ADMINS is unset).
        "django": {"handlers": ["mail_admins"], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
        # The embedded default's emails: always shown, they carry the sign-up links.
        "zenora.email": {"level": "INFO"},
    },
}

# --- error reporting: optional, off unless SENTRY_DSN is set -------------------------------

SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from zenora.errors import sentry_init

    sentry_init(dsn=SENTRY_DSN, environment=env.str("SENTRY_ENVIRONMENT", default="production"))

# --- Zenora -------------------------------------------------------------------------------

# Wrapping keys for the journal's per-user data keys; the first wraps, every key unwraps.
# Each is 32 random bytes in base64 (`manage.py generate_journal_key`); zenora.checks refuses others.
JOURNAL_KEYS = env.list("JOURNAL_KEYS", default=[]) or [_generated_journal_key()]
JOURNAL_KEYS_GENERATED = not env.list("JOURNAL_KEYS", default=[])
CRISIS_RESOURCES_FILE = env.str("CRISIS_RESOURCES_FILE", default="")
# Where `manage.py backup` writes (a folder per backup); empty means var/backups.
BACKUP_DIR = env.str("BACKUP_DIR", default="")
# How often a live room's browser checks that its socket still reaches everyone.
CHAT_HEARTBEAT_SECONDS = env.int("CHAT_HEARTBEAT_SECONDS", default=20)
