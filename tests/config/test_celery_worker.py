"""A task goes through the real broker to a real Celery worker process.

Embedded default: the filesystem broker and the SQLite test database.
Services mode (.ci/run): Redis and PostgreSQL; there, a missing service
fails the test in CI instead of skipping it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import uuid
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection
from django_celery_results.models import TaskResult

from config.celery import ping
from tests.conftest import in_ci, services_mode

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def reachable(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or default_port), timeout=3):
            return True
    except OSError:
        return False


@pytest.fixture
def require_services():
    if not services_mode():
        return
    missing = [
        name
        for name, url, port in [
            ("PostgreSQL", os.environ["DATABASE_URL"], 5432),
            ("Redis", os.environ["CELERY_BROKER_URL"], 6379),
        ]
        if not reachable(url, port)
    ]
    if missing:
        message = f"services mode, but {', '.join(missing)} not reachable"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)


def test_database_url() -> str:
    """The URL of the database this test runs in, for the worker process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


test_database_url.__test__ = False  # a helper, not a test


@pytest.fixture
def worker(require_services):
    queue = f"test-{uuid.uuid4().hex[:10]}"
    env = dict(
        os.environ, DATABASE_URL=test_database_url(), CELERY_BROKER_URL=settings.CELERY_BROKER_URL
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", queue,
         "--pool=solo", "--without-gossip", "--without-mingle", "--without-heartbeat",
         "-n", f"{queue}@%h", "--loglevel=INFO"],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        yield queue
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            output, _ = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        print(output)  # shown by pytest when the test fails


def test_a_worker_runs_a_task_and_its_result_lands_in_the_database(worker):
    result = ping.apply_async(queue=worker)
    value = result.get(timeout=90)
    assert value["database"] == connection.vendor
    assert value["worker"].startswith(worker)
    stored = TaskResult.objects.get(task_id=result.id)
    assert stored.status == "SUCCESS"
    assert stored.task_name == "chipwatch.ping"
    if services_mode():
        assert connection.vendor == "postgresql"
        assert settings.CELERY_BROKER_URL.startswith("redis://")
