"""The kernel's own housekeeping: expired sessions leave the database each night."""

from celery import shared_task
from django.core.management import call_command


@shared_task(name="zenora.clear_sessions")
def clear_sessions() -> None:
    """Django's clearsessions: database sessions past their expiry are deleted. Idempotent."""
    call_command("clearsessions")
