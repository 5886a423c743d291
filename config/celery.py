import os

from celery import Celery

from zenora.logging import connect_celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("zenora")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Housekeeping tasks live beside the data they tidy, in each app's housekeeping.py.
app.autodiscover_tasks(related_name="housekeeping")
connect_celery(app)
