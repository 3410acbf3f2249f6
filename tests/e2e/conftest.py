"""Browser tests: real Chromium (Debian's package) driven by Playwright against a real server.

One server per run (``catalog serve`` in a subprocess, on a free loopback port, with a
temporary data directory: SQLite and the Whoosh index), one browser per run, a fresh browser
context (cookies, storage) per test. Without Chromium the tests are skipped, unless
CATALOG_TEST_REQUIRE_BROWSER=1 (as in CI), where they fail instead.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, chromium_problem
from tests.e2e.server import REPO_ROOT, CatalogServer, run_cli, server_environment
from tests.e2e.world import ADMIN, PASSWORD, World, build_world, seed_organisation

REQUIRE_BROWSER = os.environ.get("CATALOG_TEST_REQUIRE_BROWSER") == "1"
# Use frontend/dist as it is, even if frontend/src is newer (someone else is editing it).
SKIP_BUILD = os.environ.get("CATALOG_TEST_SKIP_UI_BUILD") == "1"
FRONTEND = REPO_ROOT / "frontend"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
EXPECT_TIMEOUT_MS = 15_000


def _unavailable(reason: str) -> None:
    if REQUIRE_BROWSER:
        pytest.fail(f"{reason}; CATALOG_TEST_REQUIRE_BROWSER=1 forbids skipping", pytrace=False)
    pytest.skip(reason)


# --- the built UI ---------------------------------------------------------------------------


def _newest_source_mtime() -> float:
    paths = [FRONTEND / name for name in ("index.html", "package.json", "vite.config.ts")]
    for folder in (FRONTEND / "src", FRONTEND / "public"):
        paths += [p for p in folder.rglob("*") if p.is_file()]
    return max(p.stat().st_mtime for p in paths if p.exists())


def _ensure_frontend_built() -> None:
    index = FRONTEND / "dist" / "index.html"
    if index.is_file() and (SKIP_BUILD or index.stat().st_mtime >= _newest_source_mtime()):
        return
    if not (FRONTEND / "node_modules" / ".installed").exists():
        _npm("ci", "--no-audit", "--no-fund", "--loglevel=error")
    _npm("run", "build")


def _npm(*args: str) -> None:
    done = subprocess.run(
        ["npm", *args], cwd=FRONTEND, capture_output=True, text=True, timeout=900, check=False
    )
    if done.returncode != 0:
        pytest.fail(f"npm {' '.join(args)} failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}")


# --- the server and its catalog -------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium() -> Path:
    problem = chromium_problem()
    if problem:
        _unavailable(problem)
    return CHROMIUM


@pytest.fixture(scope="session")
def catalog_server(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    _ensure_frontend_built()
    data_dir = tmp_path_factory.mktemp("e2e-instance")
    env = server_environment(data_dir)
    run_cli(env, "db", "upgrade")
    seed_organisation(f"sqlite:///{data_dir / 'catalog.db'}")
    run_cli(env, "users", "create", ADMIN, "--role", "admin", "--password-stdin", stdin=PASSWORD)
    ARTIFACTS.mkdir(exist_ok=True)
    for old in [*ARTIFACTS.glob("*.png"), ARTIFACTS / "server.log"]:
        old.unlink(missing_ok=True)  # this run's pictures only
    server = CatalogServer(env, ARTIFACTS / "server.log").start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def world(catalog_server: CatalogServer) -> World:
    return build_world(catalog_server.base_url)


# --- the browser ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser(chromium: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def context(browser: Any, world: World) -> Iterator[Any]:
    """A fresh browser profile (no cookies, no storage) for each test."""
    from playwright.sync_api import expect

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    context = browser.new_context(base_url=world.base_url, viewport=VIEWPORT, locale="en-GB")
    context.set_default_timeout(EXPECT_TIMEOUT_MS)
    try:
        yield context
    finally:
        context.close()


class PageErrors(list[str]):
    """Uncaught exceptions of the page: a stack trace nobody should ever meet."""


@pytest.fixture
def page_errors() -> PageErrors:
    return PageErrors()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.stash[_CALL_FAILED] = report.failed


_CALL_FAILED = pytest.StashKey[bool]()


@pytest.fixture
def page(request: pytest.FixtureRequest, context: Any, page_errors: PageErrors) -> Iterator[Any]:
    page = context.new_page()
    page.on("pageerror", lambda error: page_errors.append(f"{error.name}: {error.message}"))
    yield page
    if request.node.stash.get(_CALL_FAILED, False):
        screenshot(page, f"failed-{request.node.name}")  # what the page showed at the failure
    assert not page_errors, f"uncaught errors in the page: {page_errors}"


def sign_in(page: Any, username: str, password: str = PASSWORD, path: str = "/") -> None:
    """Sign in through the UI's sign-in form, as a person does, and wait for the app."""
    from playwright.sync_api import expect

    page.goto(path)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()


NOT_FOUND = re.compile(r"^This .+ does not exist$")


def open_page(page: Any, path: str) -> None:
    """Open a page of the app and wait until it has loaded what it shows.

    A path agreed between the UI's authors that the build does not have yet is skipped, or
    failed under CATALOG_TEST_REQUIRE_BROWSER=1 (CI), so it cannot go unnoticed.
    """
    from playwright.sync_api import expect

    page.goto(path)
    page.wait_for_load_state("networkidle")
    if page.get_by_role("heading", name=NOT_FOUND).count():
        _unavailable(f"the UI has no page at {path} yet")
    expect(page.locator("[aria-busy='true']")).to_have_count(0)


def screenshot(page: Any, name: str) -> Path:
    """A full-page screenshot kept in tests/e2e/artifacts/ (CI keeps the folder)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{re.sub(r'[^a-z0-9_-]+', '-', name.lower())}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
