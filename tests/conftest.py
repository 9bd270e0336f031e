from __future__ import annotations

import io
import os

import pytest
from django.core.management import call_command


def pytest_configure(config: pytest.Config) -> None:
    """Like manage.py: the test database, broker folders and local key live under var/."""
    from config.local import ensure_var_dir

    ensure_var_dir()


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def services_mode() -> bool:
    """True when the suite runs against PostgreSQL and Redis (set by .ci/run)."""
    return os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get(
        "CELERY_BROKER_URL", ""
    ).startswith("redis")


@pytest.fixture
def seeded(db):
    """The database as `manage.py loadseeds` leaves it."""
    call_command("loadseeds", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def _fetch_only_from_loopback(settings):
    """No test may ever connect beyond this machine: the fetcher refuses anything else."""
    settings.FETCH_LOOPBACK_ONLY = True


@pytest.fixture(autouse=True)
def _fresh_filter_choices():
    """Filter forms keep option lists per process (chips.dashboard.paging); a test's
    rolled-back rows must not show in the next test's forms."""
    from chips.dashboard.paging import forget_choices

    forget_choices()
    yield
    forget_choices()
