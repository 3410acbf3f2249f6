"""Counting the SQL statements a piece of work sends to the database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa


@contextmanager
def recording_statements(engine: sa.Engine) -> Iterator[list[str]]:
    """Every statement executed on ``engine`` inside the block, in order (BEGIN included)."""
    statements: list[str] = []

    def record(
        _conn: sa.Connection,
        _cursor: Any,
        statement: str,
        _parameters: Any,
        _context: Any,
        _executemany: bool,
    ) -> None:
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


def describe(statement: str) -> str:
    """A one-line summary: the verb and the table it reads from or writes to."""
    words = statement.split()
    if not words:
        return "?"
    verb = words[0].upper()
    if verb == "UPDATE" and len(words) > 1:
        return f"UPDATE {words[1]}"
    keyword = {"SELECT": "FROM", "DELETE": "FROM", "INSERT": "INTO"}.get(verb)
    upper = [w.upper() for w in words]
    if keyword in upper and upper.index(keyword) + 1 < len(words):
        return f"{verb} {words[upper.index(keyword) + 1].strip('()')}"
    return verb
