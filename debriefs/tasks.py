"""Thin Celery adapters around the debrief services. Each claims its rows first, so running
twice (a retried task, two beats by mistake) sends nothing twice."""

from celery import shared_task

from debriefs.services import end_forgotten_sessions, send_follow_ups, send_starting_soon


@shared_task(name="debriefs.send_starting_soon")
def starting_soon() -> int:
    return send_starting_soon()


@shared_task(name="debriefs.send_follow_ups")
def follow_ups() -> int:
    return send_follow_ups()


@shared_task(name="debriefs.end_forgotten")
def end_forgotten() -> int:
    return end_forgotten_sessions()
