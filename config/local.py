"""The local state folder (var/): made by the entry points on first use, never by settings.

Importing config.settings only computes paths, so a test, a linter or `import config.settings`
in a read-only checkout writes nothing. manage.py, the WSGI/ASGI apps and the Celery worker
and beat call `ensure_var_dir()` before they touch the database, the broker or static files.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

KEY_FILE_NAME = "secret_key"


def local_secret_key(var_dir: Path) -> str:
    """The key kept in var/, or a fresh one that `ensure_var_dir()` keeps on first use."""
    try:
        return (var_dir / KEY_FILE_NAME).read_text().strip()
    except FileNotFoundError:
        return secrets.token_urlsafe(50)


def ensure_var_dir() -> None:
    """Create var/ and what the defaults keep in it; idempotent, safe for concurrent processes."""
    from django.conf import settings

    var_dir = Path(settings.VAR_DIR)
    var_dir.mkdir(parents=True, exist_ok=True)
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    for folder in settings.LOCAL_FOLDERS:
        Path(folder).mkdir(parents=True, exist_ok=True)
    if os.environ.get("SECRET_KEY"):
        return
    path = var_dir / KEY_FILE_NAME
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        # Another process (web beside worker) kept its key first: sign with that one too.
        settings.SECRET_KEY = path.read_text().strip()
        return
    with os.fdopen(fd, "w") as handle:
        handle.write(settings.SECRET_KEY)
