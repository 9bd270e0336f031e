"""The Celery app. Tasks live in each app's tasks.py and are found automatically."""

from __future__ import annotations

import os

from celery import Celery
from celery.signals import beat_init, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("chipwatch")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
@beat_init.connect
def _ensure_var_dir(**kwargs: object) -> None:
    """A worker or beat started on its own creates var/ (broker folders, local key) first."""
    from config.local import ensure_var_dir

    ensure_var_dir()


@worker_init.connect
def _warm_up(**kwargs: object) -> None:
    """Before the first task, not during it: the first article waited a second or more for
    the lexicon to be built and trafilatura imported."""
    from chips.analysis import warm_up

    warm_up()


@app.task(name="chipwatch.ping")
def ping() -> dict[str, str]:
    """Health check: proves a worker takes tasks from the broker and can reach the database."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"worker": ping.request.hostname or "", "database": connection.vendor}
