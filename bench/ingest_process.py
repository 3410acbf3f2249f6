"""Run a command as its own process: its wall time, CPU time and peak resident memory.

CPU time (user + system, from ``getrusage`` of the waited-for children) is reported next
to wall time because the machine is often shared: it shows the work done, whoever else
was running. The peak comes from the kernel's high-water mark (``ru_maxrss``) as GNU
time reports it, exact however short the peak; where ``/usr/bin/time`` is missing, the
process tree's memory is sampled with psutil every 20 ms instead (a spike may be missed).
"""

from __future__ import annotations

import contextlib
import os
import re
import resource
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil

GNU_TIME = Path("/usr/bin/time")
SAMPLE_SECONDS = 0.02


@dataclass(frozen=True)
class ProcessRun:
    command: tuple[str, ...]
    seconds: float
    cpu_seconds: float  # user + system time of the process and its children
    peak_rss_bytes: int
    peak_source: str  # "ru_maxrss" or "sampled"
    returncode: int
    log: Path

    @property
    def peak_rss_mb(self) -> float:
        return self.peak_rss_bytes / 1e6

    def check(self) -> ProcessRun:
        if self.returncode != 0:
            tail = self.log.read_text(errors="replace")[-3000:]
            raise RuntimeError(f"{' '.join(self.command)} failed ({self.returncode}):\n{tail}")
        return self


def run(
    command: Sequence[str], *, log: Path, env: Mapping[str, str], cwd: Path | None = None
) -> ProcessRun:
    """Run ``command`` to completion, its output into ``log``."""
    time_report = log.with_suffix(".time")
    wrapped = list(command)
    if GNU_TIME.exists():
        wrapped = [str(GNU_TIME), "-v", "-o", str(time_report), *wrapped]
    peak = 0
    cpu_before = _children_cpu()
    with log.open("w") as output:
        started = time.perf_counter()
        process = subprocess.Popen(
            wrapped, stdout=output, stderr=subprocess.STDOUT, env=dict(env), cwd=cwd
        )
        root = psutil.Process(process.pid)
        while process.poll() is None:
            peak = max(peak, _tree_rss(root))
            time.sleep(SAMPLE_SECONDS)
        seconds = time.perf_counter() - started
    cpu = _children_cpu() - cpu_before
    source = "sampled"
    if GNU_TIME.exists() and time_report.exists():
        found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", time_report.read_text())
        if found:
            peak, source = int(found.group(1)) * 1024, "ru_maxrss"
    return ProcessRun(tuple(command), seconds, cpu, peak, source, process.returncode, log)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # children waited for so far
    return usage.ru_utime + usage.ru_stime


def _tree_rss(root: psutil.Process) -> int:
    total = 0
    try:
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for process in processes:
        if process.pid == root.pid and GNU_TIME.exists():
            continue  # GNU time itself
        with contextlib.suppress(psutil.NoSuchProcess):
            total += process.memory_info().rss
    return total


def server_cpu_seconds(backend_pid: int) -> float:
    """CPU time so far of a PostgreSQL backend process (same machine, readable by us)."""
    times = psutil.Process(backend_pid).cpu_times()
    return float(times.user + times.system)


def environment(**overrides: str) -> dict[str, str]:
    """This process's environment with ``overrides``."""
    return {**os.environ, **overrides}
