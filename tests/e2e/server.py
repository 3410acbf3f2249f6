"""A real ``catalog serve`` process on a free loopback port, for the browser tests and bench/ui.py.

It serves the built UI (frontend/dist) and runs the embedded search and job workers, exactly as
an operator's server does; only its data directory (SQLite and the Whoosh index) is temporary.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_SECONDS = 120.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def catalog_command(*args: str) -> list[str]:
    """The ``catalog`` command of this interpreter's environment (the project's virtualenv)."""
    return [sys.executable, "-c", "from catalog.cli import main; main()", *args]


def server_environment(data_dir: Path, **overrides: str) -> dict[str, str]:
    """The environment of a server on ``data_dir``: nothing inherited may point it elsewhere."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CATALOG_")}
    env["CATALOG_DATA_DIR"] = str(data_dir)
    env.update(overrides)
    return env


def run_cli(env: Mapping[str, str], *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        catalog_command(*args),
        cwd=REPO_ROOT,
        env=dict(env),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"catalog {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


class CatalogServer:
    """``catalog serve`` in a subprocess; its output goes to ``log_path``."""

    def __init__(self, env: Mapping[str, str], log_path: Path, *, threads: int = 8) -> None:
        self.env = dict(env)
        self.log_path = log_path
        self.threads = threads
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> CatalogServer:
        command = catalog_command(
            "serve", "--host", "127.0.0.1", "--port", str(self.port), "--threads", str(self.threads)
        )
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(
                command, cwd=REPO_ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        self._wait_until_ready()
        return self

    def stop(self) -> None:
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process = None

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def _wait_until_ready(self) -> None:
        assert self._process is not None
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(
                    f"catalog serve exited with {self._process.returncode}:\n{self.log_tail()}"
                )
            try:
                with urllib.request.urlopen(f"{self.base_url}/readyz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"catalog serve was not ready within {START_TIMEOUT_SECONDS} s")
