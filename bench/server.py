"""Start-up time and resident memory of ``catalog serve`` as a real process.

The server is started exactly as an operator would start it (the ``catalog``
command, waitress, the default 8 threads) with ``CATALOG_DATA_DIR`` pointing
at the generated catalog. Start-up is measured until ``GET /healthz`` answers;
memory is sampled with psutil after a few sequential requests and again after
a burst of concurrent ones, each time once the server has gone idle.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import psutil

from bench.api_latency import VIEWER, VIEWER_PASSWORD, build_app, ensure_viewer
from bench.generate import Workspace
from catalog.web.csrf import CSRF_COOKIE, CSRF_HEADER

REPO_ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT_SECONDS = 120.0
SETTLE_SECONDS = 2.0
SEQUENTIAL_REQUESTS = 30
BURST_REQUESTS = 200
BURST_CLIENTS = 8


@dataclass(frozen=True)
class ServerRun:
    startup_seconds: float
    rss_started: int  # bytes, right after /healthz first answered
    rss_idle_after_requests: int  # after sign-in and a few sequential requests
    rss_idle_after_burst: int  # after concurrent requests on every waitress thread
    uss_idle_after_burst: int

    def as_dict(self) -> dict[str, float | int]:
        return {
            "startup_seconds": round(self.startup_seconds, 3),
            "rss_started_mb": _mb(self.rss_started),
            "rss_idle_after_requests_mb": _mb(self.rss_idle_after_requests),
            "rss_idle_after_burst_mb": _mb(self.rss_idle_after_burst),
            "uss_idle_after_burst_mb": _mb(self.uss_idle_after_burst),
        }


def _mb(size: int) -> float:
    return round(size / 1e6, 1)


def measure_server(
    workspace: Workspace, *, runs: int, log: Callable[[str], None] = print
) -> list[ServerRun]:
    ensure_viewer(build_app(workspace))
    results = []
    for run in range(1, runs + 1):
        result = _one_run(workspace, log_path=workspace.directory / f"serve-{run}.log")
        log(
            f"  run {run}: healthz after {result.startup_seconds:.2f} s; RSS "
            f"{_mb(result.rss_started)} MB started, {_mb(result.rss_idle_after_requests)} MB "
            f"after requests, {_mb(result.rss_idle_after_burst)} MB after a concurrent burst"
        )
        results.append(result)
    return results


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _one_run(workspace: Workspace, *, log_path: Path) -> ServerRun:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "CATALOG_DATA_DIR": str(workspace.directory)}
    env.pop("CATALOG_DATABASE_URL", None)
    command = [sys.executable, "-c", "from catalog.cli import main; main()", "serve"]
    command += ["--port", str(port)]
    with log_path.open("w") as log_file:
        started = time.perf_counter()
        server = subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT
        )
        try:
            _wait_for_health(server, f"{base}/healthz", log_path)
            startup = time.perf_counter() - started
            process = psutil.Process(server.pid)
            rss_started = process.memory_info().rss

            opener = _signed_in_opener(base)
            ids = _dataset_ids(opener, base)
            for i in range(SEQUENTIAL_REQUESTS):
                _fetch(opener, f"{base}/api/v1/datasets?page={i + 1}&per_page=50")
                _fetch(opener, f"{base}/api/v1/datasets/{ids[i % len(ids)]}")
            time.sleep(SETTLE_SECONDS)
            rss_after_requests = process.memory_info().rss

            paths = [
                f"/api/v1/datasets?page={i + 1}&per_page=50"
                if i % 2
                else f"/api/v1/datasets/{ids[i % len(ids)]}"
                for i in range(BURST_REQUESTS)
            ]
            with ThreadPoolExecutor(BURST_CLIENTS) as pool:
                list(pool.map(lambda path: _fetch(opener, base + path), paths))
            time.sleep(SETTLE_SECONDS)
            memory = process.memory_full_info()
            return ServerRun(
                startup_seconds=startup,
                rss_started=rss_started,
                rss_idle_after_requests=rss_after_requests,
                rss_idle_after_burst=memory.rss,
                uss_idle_after_burst=memory.uss,
            )
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_for_health(server: subprocess.Popen[bytes], url: str, log_path: Path) -> None:
    deadline = time.perf_counter() + START_TIMEOUT_SECONDS
    while time.perf_counter() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"catalog serve exited ({server.returncode}); see {log_path}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.01)
    raise RuntimeError(f"catalog serve did not answer within {START_TIMEOUT_SECONDS} s")


def _signed_in_opener(base: str) -> urllib.request.OpenerDirector:
    cookies = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
    _fetch(opener, f"{base}/healthz")  # sets the CSRF cookie that the sign-in must echo
    csrf = next((c.value for c in cookies if c.name == CSRF_COOKIE), "") or ""
    request = urllib.request.Request(
        f"{base}/api/v1/auth/session",
        data=json.dumps({"username": VIEWER, "password": VIEWER_PASSWORD}).encode(),
        headers={"Content-Type": "application/json", CSRF_HEADER: csrf},
        method="POST",
    )
    with opener.open(request, timeout=30) as response:
        assert response.status == 200
    return opener


def _fetch(opener: urllib.request.OpenerDirector, url: str) -> bytes:
    with opener.open(url, timeout=60) as response:
        body: bytes = response.read()
        assert response.status == 200, url
        return body


def _dataset_ids(opener: urllib.request.OpenerDirector, base: str) -> list[int]:
    page = json.loads(_fetch(opener, f"{base}/api/v1/datasets?per_page=200&sort=-updated_at"))
    return [item["id"] for item in page["items"]]
