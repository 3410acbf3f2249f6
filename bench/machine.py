"""The machine a run measured, and how busy other processes kept it meanwhile.

Latency percentiles mean little if something else was using the CPUs: every
phase records the CPU time other processes consumed, so a noisy run shows.
"""

from __future__ import annotations

import os
import platform
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psutil

# Above this many cores used by other processes on average, a phase's figures are suspect.
NOISY_CORES = 0.25


def describe_machine() -> dict[str, str | int | None]:
    return {
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
    }


@dataclass
class BackgroundLoad:
    """CPU used by processes other than this one (and its children) during a phase."""

    wall_seconds: float = 0.0
    other_cpu_seconds: float = 0.0

    @property
    def other_cores(self) -> float:
        """Cores kept busy by others, on average."""
        return self.other_cpu_seconds / self.wall_seconds if self.wall_seconds else 0.0

    @property
    def noisy(self) -> bool:
        return self.other_cores > NOISY_CORES


def _busy_seconds() -> float:
    times = psutil.cpu_times()
    busy: float = times.user + times.nice + times.system + times.irq + times.softirq + times.steal
    return busy


def _own_seconds() -> float:
    times = psutil.Process().cpu_times()
    # Children count once they have been waited for (the servers this harness starts are).
    own: float = times.user + times.system + times.children_user + times.children_system
    return own


@contextmanager
def measuring_background_load() -> Iterator[BackgroundLoad]:
    load = BackgroundLoad()
    wall, busy, own = time.perf_counter(), _busy_seconds(), _own_seconds()
    try:
        yield load
    finally:
        load.wall_seconds = time.perf_counter() - wall
        load.other_cpu_seconds = max(0.0, (_busy_seconds() - busy) - (_own_seconds() - own))
