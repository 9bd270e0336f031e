"""The ingest pipeline's commits do not wait for the disk (PostgreSQL's synchronous_commit).

An article costs about eight small write transactions on its way in (its page, host and
analysis leases taken and given back, the page stored, the analysis stored), and with
`synchronous_commit` on, each one waited for its WAL record to be flushed to disk: on a
busy machine the workers spent more time waiting on those flushes than working (issue 13).

Off, PostgreSQL still writes the WAL in commit order and every transaction is still all
or nothing; only a crash of the database server (not of a worker) can lose the last
fraction of a second of commits, which leaves each row as it was before them. Every
pipeline row is due in the database before its work starts (a page, an analysis, a
feed's next poll), so what such a crash undoes is due again and the beat's sweep sends
it again, as it does for a lost message. SQLite's `synchronous=NORMAL` in WAL mode
(config/settings.py) makes the same trade for every process. Everything else (editors'
work in web requests, commands) keeps the server's setting.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DatabaseError, connection


@contextmanager
def unflushed() -> Iterator[None]:
    """Commits made in the block do not wait for the WAL flush (PostgreSQL; elsewhere,
    inside a caller's transaction, whose commit is the caller's, or inside an enclosing
    block, which restores the setting itself, nothing changes)."""
    if (
        connection.vendor != "postgresql"
        or connection.in_atomic_block
        or getattr(connection, _FLAG, False)
    ):
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    setattr(connection, _FLAG, True)
    try:
        yield
    finally:
        setattr(connection, _FLAG, False)
        try:
            with connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")
        except DatabaseError:
            # A broken connection is closed; the next one has the server's setting.
            connection.close()


_FLAG = "chipwatch_unflushed"  # set on this thread's connection while a block runs
