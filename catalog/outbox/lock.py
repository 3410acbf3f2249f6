"""Consumer locks: one holder at a time handles a consumer's events, across processes.

Two processes applying the same events could interleave badly: one loads a dataset, the
other loads a newer state and writes it, then the first writes the older state over it.
The lock prevents that without writing to the database (on SQLite every extra write
could make a concurrent read-then-write transaction fail), and a process that dies
gives its lock up with it:

- PostgreSQL: a session advisory lock, held by a connection of its own;
- SQLite: an ``flock`` on a file beside the database file (one machine, as SQLite is);
- an in-memory SQLite database, or a system without ``flock``: a lock of this process.
"""

from __future__ import annotations

import hashlib
import threading
import time
from pathlib import Path
from typing import IO

import sqlalchemy as sa

from catalog.db import Database

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: one process only
    fcntl = None  # type: ignore[assignment]

_process_locks: dict[str, threading.Lock] = {}
_process_locks_guard = threading.Lock()


class ConsumerLock:
    """The right to handle one consumer's events. Re-acquiring a held lock is a no-op."""

    def __init__(self, database: Database, consumer: str) -> None:
        self.consumer = consumer
        self.engine = database.engine
        self._held = False
        self._connection: sa.Connection | None = None
        self._file: IO[bytes] | None = None
        self._path = _lock_file(self.engine, consumer) if fcntl is not None else None

    @property
    def held(self) -> bool:
        return self._held

    def acquire(self, *, wait: float = 0.0) -> bool:
        """Take the lock, waiting up to ``wait`` seconds for its holder to give it up."""
        deadline = time.monotonic() + wait
        while not self._held:
            self._held = self._try()
            if self._held or time.monotonic() >= deadline:
                break
            time.sleep(0.05)
        return self._held

    def release(self) -> None:
        if not self._held:
            return
        self._held = False
        if self.engine.dialect.name == "postgresql":
            self._release_postgresql()
        elif self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None
        else:
            _process_lock(self._key()).release()

    def _key(self) -> str:
        return f"{self.engine.url.render_as_string(hide_password=True)}#{self.consumer}"

    def _try(self) -> bool:
        if self.engine.dialect.name == "postgresql":
            return self._try_postgresql()
        if self._path is not None:
            file = self._path.open("ab")
            try:
                fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                file.close()
                return False
            self._file = file
            return True
        return _process_lock(self._key()).acquire(blocking=False)

    def _try_postgresql(self) -> bool:
        connection = self.engine.connect()
        try:
            taken = bool(
                connection.scalar(sa.select(sa.func.pg_try_advisory_lock(_advisory_key(self))))
            )
            connection.commit()  # the lock belongs to the connection, not to a transaction
        except BaseException:
            connection.invalidate()
            connection.close()
            raise
        if not taken:
            connection.close()
            return False
        self._connection = connection
        return True

    def _release_postgresql(self) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            connection.scalar(sa.select(sa.func.pg_advisory_unlock(_advisory_key(self))))
            connection.commit()
        except sa.exc.SQLAlchemyError:
            connection.invalidate()  # closing the connection ends the lock as well
        finally:
            connection.close()


def _advisory_key(lock: ConsumerLock) -> int:
    digest = hashlib.sha256(f"catalog.outbox:{lock.consumer}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _lock_file(engine: sa.Engine, consumer: str) -> Path | None:
    """``<database file>.<consumer>.lock`` for a SQLite file; None otherwise."""
    if engine.dialect.name != "sqlite":
        return None
    database = engine.url.database or ""
    if (
        database in ("", ":memory:")
        or database.startswith("file:")
        or "mode=memory" in str(engine.url)
    ):
        return None
    return Path(database).resolve().with_name(f"{Path(database).name}.{consumer}.lock")


def _process_lock(key: str) -> threading.Lock:
    with _process_locks_guard:
        return _process_locks.setdefault(key, threading.Lock())
