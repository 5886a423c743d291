"""Request ids and JSON logs from every process (web, worker, beat).

A request gets an id — the proxy's ``X-Request-ID`` when it is a safe token, a new one
otherwise — that goes back on the response, onto every log record written while the request
runs, and into the headers of every Celery task enqueued meanwhile, so the worker's records
for that task carry it too.
"""

import contextlib
import contextvars
import logging
import logging.config
import re
import secrets
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction

REQUEST_ID_HEADER = "X-Request-ID"
# The Celery message header carrying the id from the web process to the worker.
TASK_HEADER = "zenora_request_id"
# Letters, digits, dot, dash, underscore; 8 to 128 of them: what proxies (nginx's $request_id,
# a UUID) send, and nothing that could forge a log line or smuggle markup into one.
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{7,127}")

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("zenora_request_id", default=None)


def current_request_id() -> str | None:
    return _request_id.get()


def bind_request_id(value: str | None) -> contextvars.Token:
    return _request_id.set(value)


def unbind_request_id(token: contextvars.Token) -> None:
    _request_id.reset(token)


def new_request_id() -> str:
    return secrets.token_hex(16)


def safe_request_id(value: str | None) -> str | None:
    """The incoming id if it is a safe token, else None."""
    if value and _SAFE_REQUEST_ID.fullmatch(value):
        return value
    return None


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record written while a request (or its task) runs."""

    def filter(self, record: logging.LogRecord) -> bool:
        request_id = _request_id.get()
        if request_id is not None and not hasattr(record, "request_id"):
            record.request_id = request_id
        return True


class RequestIdMiddleware:
    """Gives each request its id, for the whole of its handling, and puts it on the response."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    @staticmethod
    def _request_id_for(request) -> str:
        request_id = safe_request_id(request.headers.get(REQUEST_ID_HEADER)) or new_request_id()
        request.request_id = request_id
        return request_id

    # The id stays bound after the middleware returns: Django logs a response's 4xx/5xx line
    # after the whole chain has run. Under ASGI each request runs in a context of its own;
    # in a thread that serves requests one after another, request_finished unbinds it.
    def __call__(self, request):
        if self.is_async:
            return self.__acall__(request)
        request_id = self._request_id_for(request)
        bind_request_id(request_id)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response

    async def __acall__(self, request):
        request_id = self._request_id_for(request)
        bind_request_id(request_id)
        response = await self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response


def request_finished_unbind(**kwargs: Any) -> None:
    _request_id.set(None)


# --- daphne ---------------------------------------------------------------------------------


class DaphneAccessLog:
    """Daphne's access log as JSON records on the ``daphne.access`` logger.

    Daphne's command line writes NCSA text straight to stdout (``daphne.access``'s
    ``AccessLogGenerator``); ``install_daphne_access_log`` puts this in its place.
    """

    def __init__(self, stream: Any = None) -> None:
        self.logger = logging.getLogger("daphne.access")

    def __call__(self, protocol: str, action: str, details: dict[str, Any]) -> None:
        if protocol == "http" and action == "complete":
            self.logger.info(
                "%s %s %s",
                details.get("method"),
                details.get("path"),
                details.get("status"),
                extra={
                    "client": details.get("client"),
                    "method": details.get("method"),
                    "path": details.get("path"),
                    "status": details.get("status"),
                    "size": details.get("size"),
                    "duration_ms": round(float(details.get("time_taken") or 0) * 1000, 1),
                },
            )
        elif protocol == "websocket":
            self.logger.info(
                "WEBSOCKET %s %s",
                action,
                details.get("path"),
                extra={"client": details.get("client"), "path": details.get("path"), "action": action},
            )


def install_daphne_access_log() -> None:
    """Make daphne's command line (which loads the app before it builds its access log) log JSON."""
    try:
        import daphne.cli
    except ImportError:  # pragma: no cover - daphne is a dependency
        return
    daphne.cli.AccessLogGenerator = DaphneAccessLog


# --- Celery ---------------------------------------------------------------------------------


def task_headers_add_request_id(headers: dict | None = None, **kwargs: Any) -> None:
    """before_task_publish: a task enqueued while a request runs carries its id."""
    request_id = _request_id.get()
    if request_id is not None and headers is not None:
        headers.setdefault(TASK_HEADER, request_id)


def task_bind_request_id(task: Any = None, **kwargs: Any) -> None:
    """task_prerun: the task's records carry the id of the request that enqueued it (or none).

    Bound until the next task starts, so Celery's own "succeeded"/"raised" line carries it too."""
    request = getattr(task, "request", None)
    request_id = getattr(request, TASK_HEADER, None) or (getattr(request, "headers", None) or {}).get(
        TASK_HEADER
    )
    _request_id.set(safe_request_id(request_id))


def celery_setup_logging(loglevel: int | None = None, **kwargs: Any) -> None:
    """setup_logging: the worker and beat log through Django's LOGGING instead of Celery's text.

    Celery's ``--loglevel`` still sets how much Celery itself says."""
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
    if loglevel:
        logging.getLogger("celery").setLevel(loglevel)


def celery_worker_quiet(sender: Any = None, instance: Any = None, conf: Any = None, **kwargs: Any) -> None:
    """celeryd_init: no ASCII banner on stdout; one JSON line says the worker is starting.

    Logging is set up here already, so the warnings Celery gives before its own logging setup
    (running as root, for one) are JSON records too."""
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
    logging.captureWarnings(True)
    if instance is not None:
        instance.quiet = True


def celery_worker_starting(sender: Any = None, instance: Any = None, **kwargs: Any) -> None:
    """celeryd_after_setup: what the banner said, as one JSON line."""
    queues = getattr(getattr(instance, "app", None), "amqp", None)
    logging.getLogger("celery.worker").info(
        "worker %s starting",
        sender,
        extra={
            "concurrency": getattr(instance, "concurrency", None),
            "queues": sorted(queues.queues) if queues is not None else None,
        },
    )


def connect_celery(app: Any) -> None:
    """Wire the signals above into a Celery app, and keep beat's banner off stdout."""
    from celery import signals
    from celery.apps.beat import Beat

    signals.setup_logging.connect(celery_setup_logging, weak=False)
    signals.before_task_publish.connect(task_headers_add_request_id, weak=False)
    signals.task_prerun.connect(task_bind_request_id, weak=False)
    signals.celeryd_init.connect(celery_worker_quiet, weak=False)
    signals.celeryd_after_setup.connect(celery_worker_starting, weak=False)

    class QuietBeat(Beat):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.quiet = True

        def start_scheduler(self) -> None:
            self.setup_logging()
            logging.getLogger("celery.beat").info(
                "beat starting", extra={"schedule_file": self.schedule, "tasks": len(app.conf.beat_schedule)}
            )
            super().start_scheduler()

    app.Beat = app.subclass_with_self(QuietBeat)
    _worker_says_json()


def _worker_says_json() -> None:
    """The worker prints "worker: Warm shutdown" from its signal handler with a bare os.write
    (no logging: a signal handler must not take logging's locks). Write it as a JSON line
    the same lock-free way."""
    import json
    import os
    import sys
    import time

    try:
        from celery.apps import worker as celery_worker
    except ImportError:  # pragma: no cover
        return

    def say(message: str, f: Any = sys.__stderr__) -> None:
        now = time.time()
        stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(now)) + f",{int(now % 1 * 1000):03d}"
        line = json.dumps({"time": stamp, "level": "WARNING", "logger": "celery.worker", "message": message})
        with contextlib.suppress(OSError, AttributeError, ValueError):
            os.write((f or sys.__stderr__).fileno(), (line + "\n").encode())

    celery_worker.safe_say = say
