"""The Celery app; tasks are discovered in each app's tasks.py.

With no CELERY_BROKER_URL set, settings make tasks run in-process (eagerly), so a laptop needs no
broker; with one set, the same code queues to Redis and workers pick the tasks up.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coprod.settings.base")

app = Celery("coprod")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
