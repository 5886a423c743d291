"""Every write to reminders: settings, snooze and "not today", the beat's tick and each delivery.

How a reminder goes out exactly once:

1. The tick (every minute, one beat) claims due reminders in batches with
   ``SELECT … FOR UPDATE SKIP LOCKED``, stamps ``claimed_at`` and, after commit, enqueues one
   ``reminders.deliver`` task per reminder with the due instant it saw. A second tick running
   at the same moment skips the locked rows and finds them claimed afterwards.
2. ``reminder_deliver`` locks the reminder and acts only if it is still due at that instant
   (a copy of the task arriving later finds it moved on). In one transaction it decides —
   send, or skip by rule — records the decision in the notification centre's outbox
   (``notifications.delivery``; the unique key is person, kind, local day and time), writes the
   in-app notification, hands the email to the outbox, and computes the next due instant.
3. A claim whose task was lost with its worker is claimed again after ``RECLAIM_AFTER``; an
   email whose task was lost is the outbox's to send again (its own beat entry).

The reminder's own channels are the only switch: ``in_app`` writes a notification (whose kind
the centre never emails), ``email`` hands one email to the outbox.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from notifications.delivery import deliver_email, delivery_record
from notifications.models import Delivery
from notifications.selectors import delivery_decided
from notifications.services import notify
from reminders.content import reminder_message
from reminders.models import (
    EVERY_DAY,
    MAX_SNOOZES,
    MAX_TIMES_A_DAY,
    BeatTick,
    Reminder,
    ReminderPreferences,
)
from reminders.schedule import Occurrence, in_quiet_hours, next_occurrence
from wellbeing.dates import local_today, user_zone
from wellbeing.models import EXPOSURE_MAX, CheckIn

# A reminder found more than this late (after an outage) is skipped, not sent at 3 a.m.
CATCH_UP = datetime.timedelta(hours=2)
RECLAIM_AFTER = datetime.timedelta(minutes=10)
SNOOZE = datetime.timedelta(hours=1)
TICK_BATCH = 500
TICK_NAME = "reminders.tick"

DEFAULTS: dict[str, dict] = {
    Reminder.Kind.CHECKIN: {
        "enabled": True, "weekdays": [0, 1, 2, 3, 4], "times": ["09:00"], "in_app": True, "email": False,
    },
    Reminder.Kind.HEAVY_DAY: {
        "enabled": False, "weekdays": EVERY_DAY, "times": ["19:00"], "in_app": True, "email": False,
    },
    Reminder.Kind.WEEKLY_SUMMARY: {
        "enabled": False, "weekdays": [6], "times": ["18:00"], "in_app": False, "email": True,
    },
}  # fmt: skip


# --- scheduling -----------------------------------------------------------------------------


def _schedule(reminder: Reminder, *, after: Occurrence | datetime.datetime, now: datetime.datetime) -> None:
    """Set the next due slot after ``after``; one long outage does not replay every missed slot."""
    user = reminder.user
    reminder.time_zone = user.time_zone
    reminder.snooze_count = 0
    reminder.claimed_at = None
    occurrence = None
    if reminder.enabled:
        zone = user_zone(user)
        rule = {"zone": zone, "weekdays": reminder.weekdays, "times": reminder.local_times}
        occurrence = next_occurrence(**rule, after=after, skip_through=reminder.skip_through)
        if occurrence is not None and occurrence.due_at < now - CATCH_UP:
            occurrence = next_occurrence(**rule, after=now - CATCH_UP, skip_through=reminder.skip_through)
    reminder.next_due_at = occurrence.due_at if occurrence else None
    reminder.next_day = occurrence.day if occurrence else None
    reminder.next_time = occurrence.at if occurrence else None


SCHEDULE_FIELDS = [
    "time_zone", "snooze_count", "claimed_at", "next_due_at", "next_day", "next_time", "updated_at",
]  # fmt: skip


def _save_schedule(reminder: Reminder, *extra: str) -> None:
    reminder.updated_at = timezone.now()
    reminder.save(update_fields=[*SCHEDULE_FIELDS, *extra])


def _validate_schedule(*, weekdays: Iterable[int], times: Iterable[str]) -> tuple[list[int], list[str]]:
    days = sorted({int(day) for day in weekdays})
    if any(not 0 <= day <= 6 for day in days):
        raise ValidationError({"weekdays": "Choose days from Monday to Sunday."})
    cleaned: set[str] = set()
    for value in times:
        try:
            cleaned.add(datetime.time.fromisoformat(str(value)).strftime("%H:%M"))
        except ValueError:
            raise ValidationError({"times": "Enter times as hours and minutes, for example 09:30."}) from None
    if len(cleaned) > MAX_TIMES_A_DAY:
        raise ValidationError({"times": f"Choose up to {MAX_TIMES_A_DAY} times a day."})
    return days, sorted(cleaned)


def reminder_for(user, kind: str) -> Reminder:
    """The person's reminder of this kind, or an unsaved one with the defaults."""
    found = Reminder.objects.filter(user=user, kind=kind).first()
    return found or Reminder(user=user, kind=kind, **DEFAULTS[kind])


@transaction.atomic
def reminder_save(
    *,
    user,
    kind: str,
    enabled: bool,
    weekdays: Iterable[int],
    times: Iterable[str],
    in_app: bool,
    email: bool,
    now: datetime.datetime | None = None,
) -> Reminder:
    """Create or change a reminder and compute when it is next due."""
    if kind not in Reminder.Kind.values:
        raise ValidationError({"kind": "Choose a kind of reminder."})
    days, clean_times = _validate_schedule(weekdays=weekdays, times=times)
    if enabled and (not days or not clean_times):
        raise ValidationError({"weekdays": "Choose at least one day and one time, or switch it off."})
    if enabled and not (in_app or email):
        raise ValidationError({"in_app": "Choose how to be reminded: in Zenora, by email, or both."})
    now = now or timezone.now()
    reminder, _ = Reminder.objects.select_for_update().get_or_create(
        user=user, kind=kind, defaults={**DEFAULTS[kind], "created_at": now}
    )
    reminder.user = user
    reminder.enabled, reminder.weekdays, reminder.times = enabled, days, clean_times
    reminder.in_app, reminder.email = in_app, email
    # A minute back: saving at 09:00:30 keeps the 09:00 slot; its delivery record stops a resend.
    _schedule(reminder, after=now - datetime.timedelta(minutes=1), now=now)
    _save_schedule(reminder, "enabled", "weekdays", "times", "in_app", "email")
    return reminder


def preferences_for(user) -> ReminderPreferences:
    found = ReminderPreferences.objects.filter(user=user).first()
    return found or ReminderPreferences(user=user)


@transaction.atomic
def preferences_save(
    *,
    user,
    quiet_start: datetime.time | None,
    quiet_end: datetime.time | None,
    heavy_threshold: int | None = None,
) -> ReminderPreferences:
    if (quiet_start is None) != (quiet_end is None):
        raise ValidationError({"quiet_end": "Give quiet hours both a start and an end, or neither."})
    if quiet_start is not None and quiet_start == quiet_end:
        raise ValidationError({"quiet_end": "Quiet hours need to end at a different time than they start."})
    prefs, _ = ReminderPreferences.objects.select_for_update().get_or_create(user=user)
    prefs.quiet_start, prefs.quiet_end = quiet_start, quiet_end
    if heavy_threshold is not None:
        if not 1 <= heavy_threshold <= EXPOSURE_MAX:
            raise ValidationError({"heavy_threshold": f"Choose from 1 to {EXPOSURE_MAX} sessions."})
        prefs.heavy_threshold = heavy_threshold
    prefs.save()
    return prefs


def check_owns(user, reminder: Reminder) -> None:
    if reminder.user_id != user.pk:
        raise PermissionDenied("Only its owner can change a reminder.")


@transaction.atomic
def reminder_snooze(*, user, reminder: Reminder, now: datetime.datetime | None = None) -> Reminder:
    """Send today's last reminder again in an hour (up to three times)."""
    check_owns(user, reminder)
    now = now or timezone.now()
    reminder = Reminder.objects.select_for_update().select_related("user").get(pk=reminder.pk)
    if reminder.last_day != local_today(user, now=now) or reminder.last_time is None:
        raise ValidationError("There is no reminder from today to snooze.")
    if reminder.last_snooze >= MAX_SNOOZES:
        raise ValidationError("This reminder was snoozed three times today; it will be back tomorrow.")
    reminder.next_due_at = now + SNOOZE
    reminder.next_day, reminder.next_time = reminder.last_day, reminder.last_time
    reminder.snooze_count = reminder.last_snooze + 1
    reminder.claimed_at = None
    reminder.updated_at = now
    reminder.save(update_fields=SCHEDULE_FIELDS)
    return reminder


@transaction.atomic
def reminder_not_today(*, user, reminder: Reminder, now: datetime.datetime | None = None) -> Reminder:
    """No more of this reminder today, snoozes included; it is back tomorrow."""
    check_owns(user, reminder)
    now = now or timezone.now()
    reminder = Reminder.objects.select_for_update().select_related("user").get(pk=reminder.pk)
    reminder.skip_through = local_today(user, now=now)
    _schedule(reminder, after=now, now=now)
    _save_schedule(reminder, "skip_through")
    return reminder


@transaction.atomic
def reminders_follow_time_zone(*, user, now: datetime.datetime | None = None) -> int:
    """After a person changes time zone: every reminder computed in the old one, again."""
    now = now or timezone.now()
    moved = list(Reminder.objects.select_for_update().filter(user=user).exclude(time_zone=user.time_zone))
    for reminder in moved:
        reminder.user = user
        _schedule(reminder, after=now, now=now)
        _save_schedule(reminder)
    return len(moved)


@transaction.atomic
def reminder_email_off(*, user, kind: str) -> None:
    """What an unsubscribe link does: no more email of this kind; in-app stays as it was."""
    reminder = Reminder.objects.select_for_update().filter(user=user, kind=kind).first()
    if reminder is None or not reminder.email:
        return
    reminder.email = False
    if not reminder.in_app:
        reminder.enabled = False
        reminder.user = user
        _schedule(reminder, after=timezone.now(), now=timezone.now())
    reminder.updated_at = timezone.now()
    reminder.save(update_fields=[*SCHEDULE_FIELDS, "email", "enabled"])


# --- the tick -------------------------------------------------------------------------------


def reminders_tick(*, now: datetime.datetime | None = None, batch_size: int = TICK_BATCH) -> int:
    """Claim every due reminder, batch by batch, and queue one delivery task for each."""
    now = now or timezone.now()
    claimed = 0
    while True:
        count = _claim_batch(now=now, batch_size=batch_size)
        claimed += count
        if count < batch_size:
            break
    BeatTick.objects.update_or_create(
        name=TICK_NAME, defaults={"finished_at": timezone.now(), "claimed": claimed}
    )
    return claimed


@transaction.atomic
def _claim_batch(*, now: datetime.datetime, batch_size: int) -> int:
    due = list(
        Reminder.objects.select_for_update(skip_locked=True)
        .filter(next_due_at__lte=now)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - RECLAIM_AFTER))
        .order_by("next_due_at")
        .values_list("pk", "next_due_at")[:batch_size]
    )
    if due:
        Reminder.objects.filter(pk__in=[pk for pk, _ in due]).update(claimed_at=now)
        transaction.on_commit(lambda: _enqueue_deliveries(due))
    return len(due)


def _enqueue_deliveries(due: list[tuple[int, datetime.datetime]]) -> None:
    from celery import current_app

    from reminders.tasks import deliver

    # One producer for the whole batch: a connection per message is most of the cost.
    with current_app.producer_or_acquire() as producer:
        for pk, due_at in due:
            deliver.apply_async((pk, due_at.isoformat()), producer=producer)


# --- one delivery ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    outcome: str  # "sent", "skipped", "duplicate", "stale" or "rescheduled"
    reason: str = ""


def skip_reason(reminder: Reminder, occurrence: Occurrence, *, now: datetime.datetime) -> str:
    """Why this slot should not be sent, or "" to send it. The order matters only for the record."""
    user = reminder.user
    if now - occurrence.due_at > CATCH_UP:
        return "late"
    if reminder.skip_through is not None and occurrence.day <= reminder.skip_through:
        return "not_today"
    if not (reminder.in_app or reminder.email):
        return "no_channel"
    prefs = preferences_for(user)
    if in_quiet_hours(now.astimezone(user_zone(user)).time(), prefs.quiet_start, prefs.quiet_end):
        return "quiet_hours"
    checkins = CheckIn.objects.filter(user=user, day=occurrence.day)
    if reminder.kind == Reminder.Kind.CHECKIN and checkins.exists():
        return "checked_in"
    if (
        reminder.kind == Reminder.Kind.HEAVY_DAY
        and not checkins.filter(exposure__gte=prefs.heavy_threshold).exists()
    ):
        return "not_heavy"
    return ""


@transaction.atomic
def reminder_deliver(
    *, reminder_id: int, due_at: datetime.datetime, now: datetime.datetime | None = None
) -> Decision:
    """Decide and record one due slot, exactly once, then schedule the next."""
    now = now or timezone.now()
    reminder = (
        Reminder.objects.select_for_update(of=("self",)).select_related("user").filter(pk=reminder_id).first()
    )
    if reminder is None or reminder.next_due_at is None or reminder.next_due_at != due_at:
        return Decision("stale")
    user = reminder.user
    occurrence = reminder.next_occurrence
    if reminder.time_zone != user.time_zone or occurrence is None:
        # Computed in a zone the person has left: its instant is wrong, so compute it again.
        _schedule(reminder, after=now, now=now)
        _save_schedule(reminder)
        return Decision("rescheduled")
    key = reminder.slot_key
    if delivery_decided([key, f"{key}:in_app", f"{key}:email"]):
        decision = Decision("duplicate")
    elif reason := skip_reason(reminder, occurrence, now=now):
        delivery_record(
            user=user,
            kind=f"reminders.{reminder.kind}",
            channel=Delivery.Channel.NONE,
            dedupe_key=key,
            status=Delivery.Status.SKIPPED,
            reason=reason,
            due_at=occurrence.due_at,
            now=now,
        )
        decision = Decision("skipped", reason)
    else:
        _send(reminder, occurrence, key=key, now=now)
        reminder.last_day, reminder.last_time = occurrence.day, occurrence.at
        reminder.last_snooze = reminder.snooze_count
        decision = Decision("sent")
    _schedule(reminder, after=occurrence, now=now)
    _save_schedule(reminder, "last_day", "last_time", "last_snooze")
    return decision


def _send(reminder: Reminder, occurrence: Occurrence, *, key: str, now: datetime.datetime) -> None:
    user = reminder.user
    kind = f"reminders.{reminder.kind}"
    message = reminder_message(reminder, occurrence.day)
    if reminder.in_app:
        notify(recipient=user, kind=kind, title=message.title, url=message.url)
        delivery_record(
            user=user,
            kind=kind,
            channel=Delivery.Channel.IN_APP,
            dedupe_key=f"{key}:in_app",
            status=Delivery.Status.SENT,
            due_at=occurrence.due_at,
            now=now,
        )
    if reminder.email:
        deliver_email(
            user=user,
            kind=kind,
            subject=f"[Zenora] {message.title}",
            text=message.text,
            html=message.html,
            dedupe_key=f"{key}:email",
            unsubscribe_kind=kind,
            due_at=occurrence.due_at,
        )
