"""Debian's Chromium driven by Playwright: where it is and how it is started."""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = Path(os.environ.get("CATALOG_TEST_CHROMIUM", "/usr/bin/chromium"))
# Without the networking flags, Chromium's own calls home are refused by a closed network, many
# at a time; as root (CI), Chromium's sandbox cannot start.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}


def chromium_problem() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -e '.[test]')"
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"Chromium is not installed at {CHROMIUM} (apt-get install chromium chromium-driver)"
    return None
