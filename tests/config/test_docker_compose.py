"""docker-compose.yml is valid and describes the whole production stack."""

import os
import shutil
import subprocess

import pytest
from django.conf import settings

from tests.conftest import in_ci


@pytest.fixture
def compose():
    binary = shutil.which("docker-compose")
    if binary is None:
        if in_ci():
            pytest.fail("docker-compose is missing (.ci/run installs Debian's package)")
        pytest.skip("docker-compose not installed")

    def run(*args: str, **env: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [binary, "-f", "docker-compose.yml", *args],
            cwd=settings.BASE_DIR,
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            timeout=60,
        )

    return run


def test_it_is_valid(compose):
    result = compose("config", "-q", SECRET_KEY="compose-test-secret")
    assert result.returncode == 0, result.stderr


def test_it_runs_web_worker_beat_postgres_and_redis_each_with_a_health_check(compose):
    services = compose("config", "--services", SECRET_KEY="compose-test-secret").stdout.split()
    assert sorted(services) == ["beat", "postgres", "redis", "web", "worker"]
    rendered = compose("config", SECRET_KEY="compose-test-secret").stdout
    assert rendered.count("healthcheck:") == 5
    assert "pgdata:/var/lib/postgresql/data" in rendered
    assert "gunicorn config.wsgi:application" in rendered


def test_it_refuses_to_start_without_a_secret_key(compose):
    result = compose("config", "-q", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
