"""The outbox: the one path for email to a person, recorded once, sent once, retried, easy to stop.

Use it from inside the transaction that decides to send::

    deliver_email(
        user=recipient, kind="communities.reply", subject="…", text="…", html="<p>…</p>",
        dedupe_key=f"communities.reply:{notification.pk}", unsubscribe_kind="communities.reply",
    )

- A ``Delivery`` row with the unique ``dedupe_key`` is written in the caller's transaction, so
  a redelivered task, a second beat or a restarted worker finds it and sends nothing more.
- After commit a ``notifications.send_delivery`` task sends it: the row is locked while the SMTP
  conversation happens and marked sent in the same transaction, so a worker killed before
  the send leaves the row pending for the redelivered task, and a concurrent copy skips it.
  The beat's ``notifications.requeue_stale_emails`` sends again what a lost task left pending.
- SMTP failures are retried with backoff (never past the broker's visibility timeout) and end
  as a visible ``failed`` delivery after ``MAX_ATTEMPTS``.
- Every email has a plain-text part, an HTML part, a signed one-click unsubscribe link that
  works without signing in (``notifications:unsubscribe``), and ``List-Unsubscribe`` /
  ``List-Unsubscribe-Post`` headers.

The rows are ``notifications.models.Delivery``. Senders with their own schedule (reminders)
also record their in-app and skipped decisions in it with ``delivery_record``, so one ledger
answers "was this already decided?" for every kind.
"""

import datetime
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from smtplib import SMTPException
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from notifications.models import Delivery
from notifications.registry import notification_kind
from notifications.selectors import notification_settings_for

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
RETRY_BASE_SECONDS = 60
# A pending email whose task was lost (its worker died before it ran) is sent again by the
# beat's sweep after this long; an email more than CATCH_UP past its due time is dropped.
STALE_AFTER = datetime.timedelta(minutes=5)
CATCH_UP = datetime.timedelta(hours=2)
UNSUBSCRIBE_SALT = "zenora.delivery.unsubscribe"


# --- who handles "stop these emails" for each kind ------------------------------------------


@dataclass(frozen=True)
class UnsubscribeKind:
    key: str
    label: str
    handler: Callable[[Any], None]
    # Where the person manages these emails, shown after unsubscribing: (URL name, link text).
    manage: tuple[str, str] | None = None


_unsubscribe_kinds: dict[str, UnsubscribeKind] = {}


def register_unsubscribe_kind(
    key: str, *, label: str, handler: Callable[[Any], None], manage: tuple[str, str] | None = None
) -> None:
    """What an unsubscribe link of this kind switches off (called with the person)."""
    _unsubscribe_kinds[key] = UnsubscribeKind(key=key, label=label, handler=handler, manage=manage)


def unsubscribe_kind(key: str) -> UnsubscribeKind:
    """The registered handler, or the notification centre's per-kind email switch."""
    if key in _unsubscribe_kinds:
        return _unsubscribe_kinds[key]
    label = notification_kind(key).label
    return UnsubscribeKind(key=key, label=label, handler=lambda user: _notification_email_off(user, key))


def _notification_email_off(user, key: str) -> None:
    # Imported here: the services send their emails through this module.
    from notifications.services import notification_settings_update

    prefs = notification_settings_for(user)
    kinds = {**prefs.email_kinds, key: False}
    notification_settings_update(user=user, email_mode=prefs.email_mode, email_kinds=kinds)


# --- recording and sending ------------------------------------------------------------------


@transaction.atomic
def deliver_email(
    *,
    user,
    kind: str,
    subject: str,
    text: str,
    html: str,
    dedupe_key: str,
    unsubscribe_kind: str,
    due_at: datetime.datetime | None = None,
) -> Delivery | None:
    """Record an email in the caller's transaction and send it after commit.

    Returns ``None`` when ``dedupe_key`` was already decided: the call is then harmless.
    ``subject``, ``text`` and ``html`` must never carry private text; the unsubscribe footer
    is added when the email is sent.
    """
    now = timezone.now()
    has_address = bool(user.email)
    try:
        with transaction.atomic():
            delivery = Delivery.objects.create(
                user=user,
                kind=kind,
                channel=Delivery.Channel.EMAIL,
                dedupe_key=dedupe_key,
                status=Delivery.Status.PENDING if has_address else Delivery.Status.SKIPPED,
                reason="" if has_address else "no_address",
                due_at=due_at or now,
                subject=subject[:200],
                text=text,
                html=html,
                unsubscribe_kind=unsubscribe_kind,
                next_attempt_at=now,
                created_at=now,
            )
    except IntegrityError:
        return None
    if has_address:
        transaction.on_commit(lambda: enqueue_email(delivery.pk))
    return delivery


def enqueue_email(delivery_id: int, *, countdown: int = 0) -> None:
    from notifications.tasks import send_delivery

    send_delivery.apply_async((delivery_id,), countdown=countdown)


@transaction.atomic
def delivery_record(
    *,
    user,
    kind: str,
    channel: str,
    dedupe_key: str,
    status: str,
    reason: str = "",
    due_at: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
) -> Delivery:
    """Record a decision that sends no email (shown in Zenora, or skipped and why)."""
    if channel == Delivery.Channel.EMAIL:
        raise ValueError("Emails go through deliver_email, which also sends them.")
    now = now or timezone.now()
    return Delivery.objects.create(
        user=user,
        kind=kind,
        channel=channel,
        dedupe_key=dedupe_key,
        status=status,
        reason=reason,
        due_at=due_at,
        created_at=now,
        sent_at=now if status == Delivery.Status.SENT else None,
    )


@dataclass(frozen=True)
class SendResult:
    outcome: str  # "sent", "retry", "failed" or "gone" (already handled, or being handled)
    retry_in: int = 0


def retry_delay(attempts: int) -> int:
    """60 s, 2 min, 4 min…; capped at half the broker's visibility timeout, because Redis hands a
    message that waits longer than that to a second worker."""
    visibility = int(settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600))
    return min(RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), visibility // 2)


def send_email_delivery(*, delivery_id: int, now: datetime.datetime | None = None) -> SendResult:
    """Send one pending email; safe to call any number of times, from any number of workers."""
    with transaction.atomic():
        delivery = (
            # Blocking, not SKIP LOCKED: a copy redelivered while a killed worker's connection
            # still holds the lock must wait for it to be released, then send.
            Delivery.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=delivery_id, channel=Delivery.Channel.EMAIL, status=Delivery.Status.PENDING)
            .first()
        )
        if delivery is None:
            return SendResult("gone")
        _pause_for_crash_test()
        now = now or timezone.now()
        delivery.attempts += 1
        try:
            email_message(delivery).send()
        except (SMTPException, OSError) as error:
            delivery.last_error = type(error).__name__
            if delivery.attempts >= MAX_ATTEMPTS:
                delivery.status = Delivery.Status.FAILED
                delivery.next_attempt_at = None
                result = SendResult("failed")
            else:
                delay = retry_delay(delivery.attempts)
                delivery.next_attempt_at = now + datetime.timedelta(seconds=delay)
                result = SendResult("retry", delay)
            delivery.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            # The error's type only: an SMTP reply can quote the message back.
            logger.warning(
                "email delivery failed",
                extra={"delivery": delivery.pk, "error": delivery.last_error, "outcome": result.outcome},
            )
            return result
        delivery.status = Delivery.Status.SENT
        delivery.sent_at = now
        delivery.next_attempt_at = None
        delivery.save(update_fields=["attempts", "status", "sent_at", "next_attempt_at"])
    return SendResult("sent")


def _pause_for_crash_test() -> None:
    """Fault injection for the worker-crash test, off unless ZENORA_FAULT_PAUSE_DIR is set.

    The send waits here, row locked and nothing sent yet, after leaving a marker named after
    its process id, so the test can SIGKILL exactly this process at exactly this point.
    """
    folder = os.environ.get("ZENORA_FAULT_PAUSE_DIR")
    if not folder:
        return
    Path(folder, f"send-{os.getpid()}").touch()
    time.sleep(float(os.environ.get("ZENORA_FAULT_PAUSE_SECONDS", "3")))


def requeue_stale_emails(*, now: datetime.datetime | None = None, limit: int = 1000) -> int:
    """Send again what a crashed worker left pending; drop what is now too late to be kind."""
    now = now or timezone.now()
    with transaction.atomic():
        stale = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(status=Delivery.Status.PENDING, next_attempt_at__lt=now - STALE_AFTER)
            .order_by("next_attempt_at")
            .values_list("pk", "due_at")[:limit]
        )
        late = [pk for pk, due_at in stale if due_at is not None and due_at < now - CATCH_UP]
        again = [pk for pk, due_at in stale if pk not in set(late)]
        Delivery.objects.filter(pk__in=late).update(status=Delivery.Status.SKIPPED, reason="late")
        Delivery.objects.filter(pk__in=again).update(next_attempt_at=now)
        for pk in again:
            transaction.on_commit(lambda pk=pk: enqueue_email(pk))
    return len(again)


# --- the message ----------------------------------------------------------------------------


def unsubscribe_token(delivery: Delivery) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(delivery.pk))


def unsubscribe_url(delivery: Delivery) -> str:
    path = reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(delivery)})
    return f"{settings.SITE_URL}{path}"


def email_message(delivery: Delivery) -> EmailMultiAlternatives:
    url = unsubscribe_url(delivery)
    label = unsubscribe_kind(delivery.unsubscribe_kind).label
    text = f"{delivery.text.rstrip()}\n\n--\nStop emails like this ({label}): {url}\n"
    html = (
        f"{delivery.html}\n<hr>\n<p><small>Stop emails like this ({escape(label)}): "
        f'<a href="{escape(url)}">unsubscribe</a></small></p>'
    )
    host = settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "zenora.local"
    message = EmailMultiAlternatives(
        subject=delivery.subject,
        body=text,
        to=[delivery.user.email],
        headers={
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            # The same id on every attempt: mail clients fold a resend after a crash into one.
            "Message-ID": f"<zenora.delivery.{delivery.pk}@{host}>",
        },
    )
    message.attach_alternative(f"<!DOCTYPE html><html><body>{html}</body></html>", "text/html")
    return message


# --- unsubscribing --------------------------------------------------------------------------


@dataclass(frozen=True)
class UnsubscribeOutcome:
    status: str  # "ready" (shown, not yet used), "done", "used" or "invalid"
    label: str = ""
    manage: tuple[str, str] | None = None


def _delivery_for_token(token: str, *, lock: bool = False) -> Delivery | None:
    try:
        pk = int(signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    rows = Delivery.objects.select_related("user").filter(pk=pk, channel=Delivery.Channel.EMAIL)
    if lock:
        rows = rows.select_for_update(of=("self",))
    return rows.first()


def _outcome(status: str, delivery: Delivery) -> UnsubscribeOutcome:
    try:
        kind = unsubscribe_kind(delivery.unsubscribe_kind)
    except LookupError:
        return UnsubscribeOutcome(status, delivery.kind)
    return UnsubscribeOutcome(status, kind.label, kind.manage)


def unsubscribe_preview(*, token: str) -> UnsubscribeOutcome:
    delivery = _delivery_for_token(token)
    if delivery is None:
        return UnsubscribeOutcome("invalid")
    return _outcome("used" if delivery.unsubscribed_at else "ready", delivery)


@transaction.atomic
def unsubscribe_with_token(*, token: str, now: datetime.datetime | None = None) -> UnsubscribeOutcome:
    """Switch off the emails a link was sent for; each link works once, and only as signed."""
    delivery = _delivery_for_token(token, lock=True)
    if delivery is None:
        return UnsubscribeOutcome("invalid")
    if delivery.unsubscribed_at is not None:
        return _outcome("used", delivery)
    try:
        handler = unsubscribe_kind(delivery.unsubscribe_kind).handler
    except LookupError:
        return UnsubscribeOutcome("invalid")
    handler(delivery.user)
    delivery.unsubscribed_at = now or timezone.now()
    delivery.save(update_fields=["unsubscribed_at"])
    return _outcome("done", delivery)
