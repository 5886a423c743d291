"""Run Zenora in one terminal: daphne (HTTP and WebSocket), a Celery worker and one beat.

Ctrl-C, or SIGINT/SIGTERM to this process or to the `make` that started it, stops all three.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

SIGINT_BIT = 1 << (signal.SIGINT - 1)
SIGTERM_BIT = 1 << (signal.SIGTERM - 1)


def caught_signals(pid: int) -> int | None:
    """The process's caught-signal mask (SigCgt in /proc), or None when it cannot be read."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    caught = next((line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:")), None)
    return None if caught is None else int(caught, 16)


def parent_is_stopping(parent_pid: int, watched: int) -> bool:
    """True once the parent (make) has died or stopped catching a signal it caught at first.

    GNU make forwards SIGTERM to its children but not a SIGINT sent to make alone: it resets
    the signal to its default and waits for its children. Its caught-signal mask in /proc
    tells us it has begun shutting down, so we stop our children instead of leaving it waiting.

    ``watched`` is the part of the mask (SIGINT, SIGTERM) that make caught when we started. A
    job started in the background (``nohup make run &``, a script, CI) inherits SIGINT ignored,
    and make never installs a handler for an ignored signal: that SIGINT is not watched, so its
    absence is no sign of stopping.
    """
    if os.getppid() != parent_pid:
        return True
    mask = caught_signals(parent_pid)
    if mask is None:
        return False
    return (mask & watched) != watched


class Command(BaseCommand):
    help = "Serve Zenora with daphne, a Celery worker and a single beat; stop all on Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))

    def handle(self, *args, host: str, port: int, **options):
        python = sys.executable
        commands = {
            "web": [python, "-m", "daphne", "-b", host, "-p", str(port), "config.asgi:application"],
            "worker": [python, "-m", "celery", "-A", "config", "worker", "--loglevel=WARNING", "--concurrency=2"],
            "beat": [
                python, "-m", "celery", "-A", "config", "beat", "--loglevel=WARNING",
                "--schedule", settings.CELERY_BEAT_SCHEDULE_FILENAME,
            ],
        }  # fmt: skip
        parent_pid = os.getppid()
        parent_watch = os.environ.get("ZENORA_SERVE_WATCH_PARENT", "1") == "1"
        watched = (caught_signals(parent_pid) or 0) & (SIGINT_BIT | SIGTERM_BIT)
        children = {name: subprocess.Popen(cmd) for name, cmd in commands.items()}
        stopping = False

        def request_stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, request_stop)
        signal.signal(signal.SIGTERM, request_stop)

        mode = "embedded default (SQLite, in-memory layer)" if settings.EMBEDDED else "PostgreSQL and Redis"
        self.stdout.write(self.style.SUCCESS(f"Zenora is running at http://{host}:{port}/ on {mode}."))
        self.stdout.write("Press Ctrl-C to stop the web server, the worker and beat together.")
        self.stdout.flush()

        exit_code = 0
        while not stopping:
            time.sleep(0.5)
            if parent_watch and watched and parent_is_stopping(parent_pid, watched):
                break
            failed = [name for name, child in children.items() if child.poll() is not None]
            if failed:
                self.stderr.write(f"{', '.join(failed)} stopped unexpectedly; stopping the others.")
                exit_code = 1
                break

        self._stop(children)
        if exit_code:
            sys.exit(exit_code)

    def _stop(self, children: dict[str, subprocess.Popen]) -> None:
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 10
        for child in children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        self.stdout.write("Zenora has stopped.")
