"""Typed readers for environment variables (12-factor configuration)."""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false)")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer") from None


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a number") from None


# Addresses a server binds to that are no name to link to: links use "localhost".
_LOCAL_BINDS = {"", "127.0.0.1", "0.0.0.0", "::", "::1", "[::]", "[::1]", "localhost"}  # noqa: S104


def default_site_url() -> str:
    """SITE_URL when it is not set: where `make run` serves (HOST and PORT, as bin/run uses).

    So `PORT=8123 make run` puts :8123 in every email link and List-Unsubscribe header.
    """
    host = os.environ.get("HOST", "").strip()
    port = os.environ.get("PORT", "").strip() or "8000"
    if host in _LOCAL_BINDS:
        host = "localhost"
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 address
    return f"http://{host}" if port == "80" else f"http://{host}:{port}"


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


_EMAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "submission": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "memory": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}


def parse_email_url(url: str) -> dict[str, Any]:
    """Turn EMAIL_URL into Django EMAIL_* settings.

    smtp://user:pass@host:587?tls=1, smtps://host (implicit TLS, port 465),
    submission://host (STARTTLS, port 587), console://, file:///path, memory://.
    """
    if not url:
        return {}
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _EMAIL_BACKENDS:
        raise ImproperlyConfigured(
            f"EMAIL_URL scheme {scheme!r} is not one of {', '.join(sorted(_EMAIL_BACKENDS))}"
        )
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    settings: dict[str, Any] = {"EMAIL_BACKEND": _EMAIL_BACKENDS[scheme]}
    if scheme == "file":
        settings["EMAIL_FILE_PATH"] = unquote(parts.path)
        return settings
    if scheme in {"smtp", "smtps", "submission"}:
        default_port = {"smtp": 25, "smtps": 465, "submission": 587}[scheme]
        settings.update(
            EMAIL_HOST=parts.hostname or "localhost",
            EMAIL_PORT=parts.port or default_port,
            EMAIL_HOST_USER=unquote(parts.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
            EMAIL_USE_SSL=scheme == "smtps" or query.get("ssl", "").lower() in _TRUE,
            EMAIL_USE_TLS=scheme == "submission" or query.get("tls", "").lower() in _TRUE,
        )
    return settings
