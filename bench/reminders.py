"""Reminders benchmark on PostgreSQL and Redis: 100 000 people with reminders over the day.

Times, in one run: the tick that claims and enqueues the busiest minute's reminders, an
overlapping second tick at the same minute (it must claim nothing), and the end-to-end rate
of deliveries (decision, in-app notification, email through the file backend) with two
Celery worker processes. A tenth of the batch is enqueued a second time, as a restarted beat
or a redelivered message would; duplicates are counted (must be 0). Prints one JSON line.

    .venv/bin/python bench/reminders.py

It works in a throwaway database and under Redis keys of its own (the broker's queue among
them), both gone afterwards (bench/harness.py), so no real data is touched.
"""

import collections
import datetime
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.harness import database_url, own_stores, use_own_stores  # noqa: E402

use_own_stores("reminders")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Max, Min  # noqa: E402

USERS = int(os.environ.get("BENCH_USERS", "100000"))
WORKERS = 2
ZONES = [
    "Europe/London", "Europe/Berlin", "America/New_York", "America/Chicago", "America/Los_Angeles",
    "Asia/Kolkata", "Australia/Sydney", "Australia/Lord_Howe", "Pacific/Auckland", "Asia/Tokyo",
    "America/Sao_Paulo", "Africa/Johannesburg",
]  # fmt: skip
POPULAR = ["07:30", "08:00", "08:30", "09:00", "12:30", "17:00", "18:00", "21:00"]


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def _local_time(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return rng.choice(POPULAR)
    minute = rng.randrange(24 * 60)
    return f"{minute // 60:02d}:{minute % 60:02d}"


def populate(rng: random.Random) -> tuple[datetime.datetime, int]:
    """People and reminders, every one due at or after the busiest minute of the coming day."""
    from zoneinfo import ZoneInfo

    from accounts.models import User
    from reminders.models import Reminder
    from reminders.schedule import next_occurrence, parse_times

    start = datetime.datetime.now(datetime.UTC).replace(second=0, microsecond=0)
    plans = []
    for n in range(USERS):
        zone = rng.choice(ZONES)
        plans.append((n, zone, [_local_time(rng)]))
    zones = {name: ZoneInfo(name) for name in ZONES}
    every_day = list(range(7))

    def due(zone: str, times: list[str], after):
        return next_occurrence(zone=zones[zone], weekdays=every_day, times=parse_times(times), after=after)

    firsts = [due(zone, times, start) for _, zone, times in plans]
    busiest, due_count = collections.Counter(o.due_at for o in firsts).most_common(1)[0]
    # Steady state at the busiest minute: what was due earlier went out already.
    occurrences = [
        o if o.due_at >= busiest else due(p[1], p[2], busiest) for o, p in zip(firsts, plans, strict=True)
    ]

    batch = 5000
    for offset in range(0, USERS, batch):
        users = User.objects.bulk_create(
            User(email=f"bench{n}@clinic.example", display_name=f"Bench {n}", time_zone=zone, password="!")
            for n, zone, _ in plans[offset : offset + batch]
        )
        Reminder.objects.bulk_create(
            Reminder(
                user=user,
                kind="checkin",
                weekdays=every_day,
                times=times,
                in_app=True,
                email=True,
                time_zone=zone,
                next_due_at=o.due_at,
                next_day=o.day,
                next_time=o.at,
            )  # fmt: skip
            for user, (_, zone, times), o in zip(
                users, plans[offset : offset + batch], occurrences[offset : offset + batch], strict=True
            )
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return busiest, due_count


def start_workers(outbox: Path, log_dir: Path) -> list[subprocess.Popen]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "EMAIL_URL": f"filemail:///{outbox}",
        "LOG_LEVEL": "WARNING",
    }
    workers = []
    for n in range(WORKERS):
        log = (log_dir / f"worker{n}.log").open("wb")
        workers.append(
            subprocess.Popen(
                [str(ROOT / ".venv/bin/celery"), "-A", "config", "worker", "-P", "solo", "-n", f"bench{n}@%h",
                 "--without-mingle", "--without-gossip", "-l", "warning"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            )
        )  # fmt: skip
    for worker in workers:
        assert worker.poll() is None, "a worker exited at start-up"
    return workers


def emails_by_recipient(outbox: Path) -> collections.Counter:
    recipients: collections.Counter = collections.Counter()
    for path in outbox.glob("*.log"):
        for line in path.read_text(errors="replace").splitlines():
            if line.startswith("To: "):
                recipients[line[4:].strip()] += 1
    return recipients


def bench() -> dict:
    from config.celery import app
    from notifications.models import Delivery, Notification
    from reminders.models import Reminder
    from reminders.services import reminders_tick
    from reminders.tasks import deliver

    rng = random.Random(8)
    started = time.perf_counter()
    busiest, due_count = populate(rng)
    setup_s = time.perf_counter() - started
    app.control.purge()

    empty_started = time.perf_counter()
    reminders_tick(now=busiest - datetime.timedelta(seconds=30))
    empty_tick = time.perf_counter() - empty_started

    # The tick alone: its messages wait in the queue until the workers start.
    repeats = list(
        Reminder.objects.filter(next_due_at=busiest).values_list("pk", flat=True)[: due_count // 10]
    )
    deliver.delay(0, busiest.isoformat())  # warm the producer's connection: no such reminder
    tick_started = time.perf_counter()
    claimed = reminders_tick(now=busiest)
    tick = time.perf_counter() - tick_started
    overlapping = reminders_tick(now=busiest)
    # A restarted beat or a redelivered message: a tenth of the tasks a second time.
    for pk in repeats:
        deliver.delay(pk, busiest.isoformat())

    with tempfile.TemporaryDirectory() as tmp:
        outbox, logs = Path(tmp, "outbox"), Path(tmp)
        outbox.mkdir()
        workers = start_workers(outbox, logs)
        try:
            deadline = time.monotonic() + 900
            while time.monotonic() < deadline:
                if Delivery.objects.filter(channel="email", status="sent").count() >= claimed:
                    break
                time.sleep(0.25)
            time.sleep(3)  # let any duplicate surface before counting
            recipients = emails_by_recipient(outbox)
        finally:
            for worker in workers:
                worker.send_signal(signal.SIGTERM)
            for worker in workers:
                try:
                    worker.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    worker.kill()
                    worker.wait()
    # From the first decision to the last email handed to the backend, by the rows' own clocks.
    span = Delivery.objects.aggregate(first=Min("created_at"), last=Max("sent_at"))
    end_to_end = (span["last"] - span["first"]).total_seconds()
    email_rows = Delivery.objects.filter(channel="email", status="sent").count()
    duplicate_emails = sum(count - 1 for count in recipients.values() if count > 1)
    duplicate_notifications = (
        Notification.objects.count() - Notification.objects.values("recipient").distinct().count()
    )
    return {
        "benchmark": "reminders",
        "database": "postgresql",
        "broker": "redis",
        "users": USERS,
        "setup_s": round(setup_s, 1),
        "busiest_minute_utc": busiest.isoformat(),
        "due_at_busiest_minute": due_count,
        "tick_ms": _ms(tick),
        "tick_claimed": claimed,
        "tick_claimed_enqueued_per_s": round(claimed / tick, 1),
        "empty_tick_ms": _ms(empty_tick),
        "overlapping_tick_claimed": overlapping,
        "repeated_tasks": len(repeats),
        "workers": WORKERS,
        "delivered_emails": email_rows,
        "emails_in_outbox": sum(recipients.values()),
        "in_app_notifications": Notification.objects.count(),
        "delivery_span_s": round(end_to_end, 2),
        "deliveries_per_s": round(email_rows / end_to_end, 1),
        "duplicates": duplicate_emails + duplicate_notifications,
    }


def main() -> None:
    with own_stores():
        result = bench()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
