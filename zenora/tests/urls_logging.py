"""A view that logs and enqueues a task, for the request-id tests."""

import logging

from django.http import HttpResponse
from django.urls import include, path

from zenora.tasks import clear_sessions

logger = logging.getLogger("zenora.tests")


def enqueue(request):
    logger.warning("enqueueing the housekeeping task")
    clear_sessions.delay()
    return HttpResponse("queued")


urlpatterns = [path("test-enqueue/", enqueue), path("", include("config.urls"))]
