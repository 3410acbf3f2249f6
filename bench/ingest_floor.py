"""The floor: the least a reader of a PostgreSQL catalog can do.

One set-based query over ``pg_catalog`` returns every column of every table, view,
materialized view and foreign table outside the system schemas, with its type,
nullability, comment, primary-key flag and foreign-key target, and its relation's
kind, comment and ``reltuples``; the client fetches every row. No reader can send less
or do less work on the server, so a connector's read phase is judged against it.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

import psycopg

from bench.ingest_process import server_cpu_seconds

FLOOR_QUERY = """
SELECT n.nspname, c.relname, c.relkind, c.reltuples, td.description,
       a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull,
       cd.description, pk.oid IS NOT NULL,
       fn.nspname || '.' || fc.relname || '.' || fa.attname
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_description td
  ON td.objoid = c.oid AND td.classoid = 'pg_class'::regclass AND td.objsubid = 0
LEFT JOIN pg_description cd
  ON cd.objoid = c.oid AND cd.classoid = 'pg_class'::regclass AND cd.objsubid = a.attnum
LEFT JOIN pg_constraint pk
  ON pk.conrelid = c.oid AND pk.contype = 'p' AND a.attnum = ANY (pk.conkey)
LEFT JOIN pg_constraint fk
  ON fk.conrelid = c.oid AND fk.contype = 'f' AND fk.conkey = ARRAY[a.attnum]
LEFT JOIN pg_class fc ON fc.oid = fk.confrelid
LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
LEFT JOIN pg_attribute fa ON fa.attrelid = fk.confrelid AND fa.attnum = fk.confkey[1]
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_toast%'
ORDER BY n.nspname, c.relname, a.attnum
"""


@dataclass(frozen=True)
class FloorTiming:
    seconds: tuple[float, ...]  # each run: connect, query, fetch every row
    cpu_seconds: tuple[float, ...]  # each run: this process's CPU time
    server_cpu_seconds: tuple[float, ...]  # each run: the backend's CPU time
    columns: int
    relations: int
    commented_columns: int
    primary_key_columns: int
    foreign_key_columns: int

    @property
    def best(self) -> float:
        return min(self.seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def median_cpu(self) -> float:
        """Client and server CPU time of the median run by that measure."""
        pairs = zip(self.cpu_seconds, self.server_cpu_seconds, strict=True)
        return statistics.median(client + server for client, server in pairs)


def measure(url: str, *, runs: int = 3) -> FloorTiming:
    """Run the floor query ``runs`` times, each on a new connection, as a crawl would."""
    seconds, cpu, server_cpu = [], [], []
    rows: list[tuple[object, ...]] = []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        with psycopg.connect(url) as connection:
            rows = connection.execute(FLOOR_QUERY).fetchall()
            server_cpu.append(server_cpu_seconds(connection.info.backend_pid))
        seconds.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    return FloorTiming(
        seconds=tuple(seconds),
        cpu_seconds=tuple(cpu),
        server_cpu_seconds=tuple(server_cpu),
        columns=len(rows),
        relations=len({(row[0], row[1]) for row in rows}),
        commented_columns=sum(1 for row in rows if row[9] is not None),
        primary_key_columns=sum(1 for row in rows if row[10]),
        foreign_key_columns=sum(1 for row in rows if row[11] is not None),
    )
