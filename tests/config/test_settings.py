"""Settings come from the environment, with safe defaults."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config.env import default_site_url, env_bool, parse_email_url

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "k3y-" + "x" * 60 + "-Zq9!",
    "ALLOWED_HOSTS": "chipwatch.example.com",
    "SITE_URL": "https://chipwatch.example.com",
}


def run_manage(
    *args: str, env: dict[str, str], tmp_path, unset: tuple[str, ...] = ()
) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "SECRET")) and k not in unset
    }
    clean.update(env)
    clean.setdefault("CHIPWATCH_VAR_DIR", str(tmp_path))
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_values(tmp_path):
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV, tmp_path=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_an_https_deployment_without_a_secret_key_refuses_to_start(tmp_path):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_manage("check", env=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_local_run_needs_no_configuration_and_keeps_its_key(tmp_path):
    result = run_manage("check", env={}, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def settings_under(env: dict[str, str], tmp_path, *names: str) -> list[str]:
    """Values of settings as a fresh process sees them with `env` on top of ours."""
    full = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    full.update(env, CHIPWATCH_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="config.settings")
    code = "import django;django.setup();from django.conf import settings as s;" + ";".join(
        f"print(eval({name!r}, {{'s': s}}))" for name in names
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=full,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_the_embedded_default_is_sqlite_under_var_and_a_filesystem_broker(tmp_path):
    assert settings_under(
        {},
        tmp_path,
        "s.DATABASES['default']['ENGINE']",
        "s.DATABASES['default']['NAME']",
        "s.CELERY_BROKER_URL",
        "s.EMAIL_BACKEND",
        "s.FETCH_ALLOW_PRIVATE",
    ) == [
        "django.db.backends.sqlite3",
        str(tmp_path / "chipwatch.sqlite3"),
        "filesystem://",
        "django.core.mail.backends.filebased.EmailBackend",
        "False",
    ]


def test_postgres_and_redis_come_from_urls(tmp_path):
    env = {
        "DATABASE_URL": "postgres://cw:pw@db.internal:5433/chipwatch",
        "CELERY_BROKER_URL": "redis://cache.internal:6379/2",
    }
    assert settings_under(
        env,
        tmp_path,
        "s.DATABASES['default']['ENGINE']",
        "s.DATABASES['default']['NAME']",
        "s.DATABASES['default']['HOST']",
        "s.DATABASES['default']['PORT']",
        "s.CELERY_BROKER_URL",
    ) == [
        "django.db.backends.postgresql",
        "chipwatch",
        "db.internal",
        "5433",
        env["CELERY_BROKER_URL"],
    ]


def test_fetch_limits_and_site_url_come_from_the_environment(tmp_path):
    env = {
        "FETCH_ALLOW_PRIVATE": "1",
        "FETCH_TIMEOUT": "7.5",
        "FETCH_MAX_BYTES": "1000",
        "SITE_URL": "https://watch.example.org/",
        "SECRET_KEY": "a-long-enough-secret-key-for-this-test-only-0123456789",
    }
    assert settings_under(
        env, tmp_path, "s.FETCH_ALLOW_PRIVATE", "s.FETCH_TIMEOUT", "s.FETCH_MAX_BYTES", "s.SITE_URL"
    ) == ["True", "7.5", "1000", "https://watch.example.org"]


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("true", True), ("off", False), ("", False)]
)
def test_booleans_are_read_strictly(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG", not expected) is expected


def test_a_misspelt_boolean_is_an_error_not_a_silent_false(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG", False)


def test_email_url_covers_smtp_with_starttls_and_files():
    smtp = parse_email_url("submission://user%40example.com:p%40ss@smtp.example.com")
    assert smtp["EMAIL_HOST"] == "smtp.example.com"
    assert smtp["EMAIL_PORT"] == 587
    assert smtp["EMAIL_HOST_USER"] == "user@example.com"
    assert smtp["EMAIL_HOST_PASSWORD"] == "p@ss"
    assert smtp["EMAIL_USE_TLS"] is True and smtp["EMAIL_USE_SSL"] is False
    assert parse_email_url("file:///tmp/mail")["EMAIL_FILE_PATH"] == "/tmp/mail"
    with pytest.raises(ImproperlyConfigured, match="scheme"):
        parse_email_url("pigeon://coop")


def test_email_backend_and_file_path_are_honoured(tmp_path):
    env = {
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "out"),
    }
    assert settings_under(env, tmp_path, "s.EMAIL_BACKEND", "s.EMAIL_FILE_PATH") == [
        env["EMAIL_BACKEND"],
        env["EMAIL_FILE_PATH"],
    ]


@pytest.mark.parametrize(
    ("host", "port", "expected"),
    [
        (None, None, "http://localhost:8000"),
        (None, "8123", "http://localhost:8123"),
        ("127.0.0.1", "8123", "http://localhost:8123"),
        ("0.0.0.0", "9000", "http://localhost:9000"),  # noqa: S104
        ("chipwatch.lan", "80", "http://chipwatch.lan"),
        ("192.168.1.5", "8000", "http://192.168.1.5:8000"),
        ("fd00::5", "8000", "http://[fd00::5]:8000"),
    ],
)
def test_site_url_defaults_to_where_make_run_serves(monkeypatch, host, port, expected):
    for name, value in (("HOST", host), ("PORT", port)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert default_site_url() == expected


def test_port_moves_site_url_and_so_every_email_link(tmp_path):
    # `PORT=8123 make run` used to leave every email link on :8000.
    assert settings_under(
        {"PORT": "8123", "HOST": "127.0.0.1", "SITE_URL": ""}, tmp_path, "s.SITE_URL"
    ) == ["http://localhost:8123"]
    assert settings_under(
        {"PORT": "8123", "SITE_URL": "http://watch.example.org"}, tmp_path, "s.SITE_URL"
    ) == ["http://watch.example.org"]


def test_importing_settings_writes_nothing(tmp_path):
    var_dir = tmp_path / "var"
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "STATIC_ROOT"}}
    env.update(CHIPWATCH_VAR_DIR=str(var_dir), DJANGO_SETTINGS_MODULE="config.settings")
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert not var_dir.exists()


def test_the_first_command_creates_var_and_keeps_one_key(tmp_path):
    var_dir = tmp_path / "var"
    # The embedded default keeps its broker in var/; CI's services run sets Redis.
    embedded = ("DATABASE_URL", "CELERY_BROKER_URL")
    first = run_manage(
        "check", env={"CHIPWATCH_VAR_DIR": str(var_dir)}, tmp_path=tmp_path, unset=embedded
    )
    assert first.returncode == 0, first.stderr
    key = (var_dir / "secret_key").read_text()
    assert (var_dir / "staticfiles").is_dir()
    assert (var_dir / "celery-broker" / "queue").is_dir()
    again = run_manage(
        "check", env={"CHIPWATCH_VAR_DIR": str(var_dir)}, tmp_path=tmp_path, unset=embedded
    )
    assert again.returncode == 0, again.stderr
    assert (var_dir / "secret_key").read_text() == key
