"""The command line, run as a real subprocess against a fresh data directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

CLI = [sys.executable, "-c", "from catalog.cli import main; main()"]


@pytest.fixture
def run(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CATALOG_")}
    env["CATALOG_DATA_DIR"] = str(tmp_path / "instance")

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*CLI, *args], input=stdin, capture_output=True, text=True, env=env, timeout=120
        )

    return run


def test_db_upgrade_then_users_create(run, tmp_path):
    result = run("db", "upgrade")
    assert result.returncode == 0, result.stderr
    assert "revision" in result.stdout
    result = run(
        "users",
        "create",
        "root-admin",
        "--role",
        "admin",
        "--password-stdin",
        stdin="a strong passphrase\n",
    )
    assert result.returncode == 0, result.stderr
    assert "Created user root-admin (admin)" in result.stdout
    again = run("users", "create", "root-admin", "--password-stdin", stdin="a strong passphrase\n")
    assert again.returncode != 0
    assert "taken" in again.stderr


def test_users_create_refuses_short_passwords_and_unknown_domains(run):
    run("db", "upgrade")
    short = run("users", "create", "bob", "--password-stdin", stdin="short\n")
    assert short.returncode != 0
    assert "at least 10 characters" in short.stderr
    nowhere = run(
        "users",
        "create",
        "bob",
        "--role",
        "steward",
        "--domain",
        "atlantis",
        "--password-stdin",
        stdin="long enough password\n",
    )
    assert nowhere.returncode != 0
    assert "no domain 'atlantis'" in nowhere.stderr


def test_production_mode_without_a_secret_key_fails_clearly(run):
    result = subprocess.run(
        [*CLI, "db", "upgrade"],
        capture_output=True,
        text=True,
        env={**os.environ, "CATALOG_MODE": "production", "CATALOG_SECRET_KEY": ""},
        timeout=60,
    )
    assert result.returncode != 0
    assert "CATALOG_SECRET_KEY is required" in result.stderr
    assert "Traceback" not in result.stderr


def test_openapi_command_writes_the_document(run, tmp_path):
    target = tmp_path / "openapi.json"
    result = run("openapi", "--output", str(target))
    assert result.returncode == 0, result.stderr
    assert "/api/v1/datasets" in json.loads(target.read_text())["paths"]


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_upgrades_an_embedded_database_and_answers(tmp_path):
    import time
    import urllib.request

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CATALOG_")}
    env["CATALOG_DATA_DIR"] = str(tmp_path / "instance")
    server = subprocess.Popen(
        [*CLI, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as answer:
                    assert json.load(answer)["status"] == "ok"
                    break
            except OSError:
                assert server.poll() is None, server.stdout.read() if server.stdout else ""
                assert time.monotonic() < deadline, "the server did not answer within 30 s"
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_refuses_a_stale_schema_in_production(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CATALOG_")}
    env.update(
        CATALOG_MODE="production",
        CATALOG_SECRET_KEY="9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928",
        CATALOG_DATA_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [*CLI, "serve", "--port", str(free_port())],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode != 0
    assert "catalog db upgrade" in result.stderr
