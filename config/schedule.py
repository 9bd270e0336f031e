"""The default beat schedule, written into django-celery-beat's tables.

Entries are created once, by name; an admin's later changes to an entry
(interval, enabled) are kept. Apps add their periodic tasks here.
"""

from __future__ import annotations

from typing import Any

DEFAULT_PERIODIC_TASKS: list[dict[str, Any]] = [
    {
        "name": "Worker heartbeat",
        "task": "chipwatch.ping",
        "every_seconds": 300,
        "description": "Shows that a worker is taking tasks; its results are kept as task results.",
    },
    {
        "name": "Poll due feeds",
        "task": "newsfeed.poll_due_feeds",
        "every_seconds": 60,
        "description": "Queues a poll for every feed whose next poll time has come, and a "
        "fetch for every article page whose retry is due.",
    },
    {
        "name": "Send due digests",
        "task": "chips.send_digests",
        "every_seconds": 3600,
        "description": "Daily and weekly email digests; each is sent once per period, so "
        "running hourly only picks up new periods and retries failures.",
    },
]


def ensure_periodic_tasks(**_signal_kwargs: Any) -> int:
    """Create the missing default entries; return how many were created."""
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    created = 0
    for entry in DEFAULT_PERIODIC_TASKS:
        if PeriodicTask.objects.filter(name=entry["name"]).exists():
            continue
        every, _ = IntervalSchedule.objects.get_or_create(
            every=entry["every_seconds"], period=IntervalSchedule.SECONDS
        )
        PeriodicTask.objects.create(
            name=entry["name"],
            task=entry["task"],
            interval=every,
            description=entry.get("description", ""),
        )
        created += 1
    return created
