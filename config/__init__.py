"""Project configuration: settings, URLs, the ASGI router and the Celery app. May import any app."""

from .celery import app as celery_app

__all__ = ["celery_app"]
