"""ChipWatch settings: one file, configured only from the environment.

Defaults are safe for a local run with no services (SQLite under var/, an
embedded Celery broker, mail written to var/mail). Production sets
SECRET_KEY, ALLOWED_HOSTS, an https SITE_URL, DATABASE_URL and
CELERY_BROKER_URL; then `manage.py check --deploy` is clean.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import (
    default_site_url,
    env_bool,
    env_float,
    env_int,
    env_list,
    parse_email_url,
)
from config.local import local_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
# Nothing here writes: the entry points create var/ on first use (config/local.py).
VAR_DIR = Path(os.environ.get("CHIPWATCH_VAR_DIR", BASE_DIR / "var"))
# Folders under var/ that ensure_var_dir() creates besides var/ and STATIC_ROOT.
LOCAL_FOLDERS: list[Path] = []

DEBUG = env_bool("DEBUG", False)


# Unset, it follows HOST and PORT (`PORT=8123 make run` links to :8123).
SITE_URL = (os.environ.get("SITE_URL") or default_site_url()).rstrip("/")
# Secure cookies, HSTS and the https redirect follow the public URL, so a
# plain-http local run keeps working while an https deployment is strict.
HTTPS = env_bool("HTTPS", SITE_URL.startswith("https://"))

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if HTTPS and not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set for an https deployment")
    # A random key kept in var/ (by ensure_var_dir) so a local run needs no configuration.
    SECRET_KEY = local_secret_key(VAR_DIR)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [SITE_URL] if HTTPS else [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "simple_history",
    "django_celery_beat",
    "django_celery_results",
    "newsfeed",
    "chips",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Records who made each change in the history of claims and conflicts.
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'chipwatch.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat share one file: WAL lets readers run beside the
    # writer, IMMEDIATE transactions and a long busy timeout avoid
    # "database is locked" when two processes write at once.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # A file, not memory, so a real worker process can see the test data.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files (served by WhiteNoise, also by gunicorn in production) ---
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
# WhiteNoise warns about a missing root, so ensure_var_dir() creates it; `collectstatic`
# fills it in production, and WHITENOISE_USE_FINDERS serves straight from static/ until then.
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the app folders when nothing was collected (local runs).
WHITENOISE_USE_FINDERS = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "chips:home"
LOGOUT_REDIRECT_URL = "chips:home"
# Reading the dashboard needs no sign-in unless this is set; changing
# anything always needs an editor (chips.change_claim / chips.change_conflict).
DASHBOARD_REQUIRE_LOGIN = env_bool("DASHBOARD_REQUIRE_LOGIN", False)

# --- Security (strict whenever the site is served over https) --------------
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Email ------------------------------------------------------------------
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ChipWatch <chipwatch@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
_email = parse_email_url(os.environ.get("EMAIL_URL", ""))
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", _email.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", _email.get("EMAIL_FILE_PATH", VAR_DIR / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", _email.get("EMAIL_HOST", "localhost"))
EMAIL_PORT = env_int("EMAIL_PORT", _email.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", _email.get("EMAIL_HOST_USER", ""))
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", _email.get("EMAIL_HOST_PASSWORD", ""))
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", _email.get("EMAIL_USE_TLS", False))
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", _email.get("EMAIL_USE_SSL", False))
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)

# --- Fetching -----------------------------------------------------------------
FETCH_ALLOW_PRIVATE = env_bool("FETCH_ALLOW_PRIVATE", False)
# Tests and benchmarks: refuse every address but loopback, whatever a feed links to.
FETCH_LOOPBACK_ONLY = env_bool("FETCH_LOOPBACK_ONLY", False)
FETCH_TIMEOUT = env_float("FETCH_TIMEOUT", 20.0)
FETCH_CONNECT_TIMEOUT = env_float("FETCH_CONNECT_TIMEOUT", 10.0)
FETCH_MAX_BYTES = env_int("FETCH_MAX_BYTES", 5 * 1024 * 1024)
FETCH_USER_AGENT = os.environ.get(
    "FETCH_USER_AGENT", f"ChipWatch/0.1 (+{SITE_URL}; AI-chip news monitor)"
)

# --- Work in the database: leases and the beat's sweep --------------------------
# A worker holds a lease on the feed, host, page or analysis it works on and
# renews it every third of this while it works; a dead worker's leases lapse
# within it, so its work is picked up again within seconds.
LEASE_SECONDS = env_float("LEASE_SECONDS", 15.0)
# Work the beat queued is not queued again before this: a lost message (a broker
# restart, a failed publish) is re-sent by the sweep after it.
REQUEUE_AFTER_SECONDS = env_float("REQUEUE_AFTER_SECONDS", 300.0)

# --- Celery -------------------------------------------------------------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    # The embedded broker: messages are files under var/, shared by the web
    # process and `celery worker -B` on one machine. No server needed.
    _broker_dir = VAR_DIR / "celery-broker"
    LOCAL_FOLDERS += [_broker_dir / sub for sub in ("queue", "control", "processed")]
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "control_folder": str(_broker_dir / "control"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
    }
else:
    # Keep feed backoff in the database, not in long countdowns, but give
    # Redis' redelivery of unacknowledged tasks headroom over any task.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "django-db")
CELERY_RESULT_EXTENDED = True
CELERY_RESULT_EXPIRES = 7 * 24 * 3600
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 600
CELERY_TASK_SOFT_TIME_LIMIT = 540
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)

# --- Logging ------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # trafilatura and htmldate are chatty about every page they parse.
        "trafilatura": {"level": "WARNING"},
        "htmldate": {"level": "WARNING"},
        # Every request is already in the feed's fetch log; keep command output readable.
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
    },
}
