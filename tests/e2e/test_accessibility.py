"""axe-core scans of the main pages in Chromium: no serious or critical violation."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.conftest import open_page, screenshot, sign_in
from tests.e2e.world import ADMIN, ANALYST, STEWARD, World

BLOCKING = ("serious", "critical")


def readable(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        impact, rule, help_text = violation["impact"], violation["id"], violation["help"]
        lines.append(f"[{impact}] {rule}: {help_text} ({violation['helpUrl']})")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n       ")
            lines.append(f"       {summary}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    ... and {len(violation['nodes']) - 5} more elements")
    return "\n".join(lines)


def assert_accessible(page: Any, name: str) -> None:
    screenshot(page, f"a11y-{name}")
    results = Axe().run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, f"axe found on {name} ({page.url}):\n{readable(blocking)}"


def test_sign_in_page(page, world):
    page.goto("/")
    page.get_by_label("Username").wait_for()
    assert_accessible(page, "sign-in")


def _dataset(world: World) -> int:
    return world.dataset_id("crm", "customers")


PAGES = [
    (ANALYST, "home", lambda w: "/"),
    (ANALYST, "datasets", lambda w: "/datasets"),
    (ANALYST, "search", lambda w: "/search?q=customer"),
    (ANALYST, "dataset", lambda w: f"/datasets/{_dataset(w)}"),
    (ANALYST, "wide-dataset", lambda w: f"/datasets/{w.dataset_id('lab', 'wide_events')}"),
    (ANALYST, "domains", lambda w: "/domains"),
    (ANALYST, "account", lambda w: "/account"),
    (ANALYST, "contributions", lambda w: "/contributions"),
    (ANALYST, "notifications", lambda w: "/notifications"),
    (ANALYST, "suggestions", lambda w: "/suggestions"),
    (ANALYST, "suggest-a-source", lambda w: "/suggestions/new"),
    (STEWARD, "review-queue", lambda w: "/review"),
    (ADMIN, "admin-users", lambda w: "/admin/users"),
    (ADMIN, "admin-user", lambda w: f"/admin/users/{STEWARD}"),
    (ADMIN, "admin-api-clients", lambda w: "/admin/api-clients"),
    (ADMIN, "admin-audit", lambda w: "/admin/audit"),
    (ADMIN, "admin-domains", lambda w: "/admin/domains"),
    (ADMIN, "admin-vocabularies", lambda w: "/admin/vocabularies"),
    (ADMIN, "admin-policies", lambda w: "/admin/policies"),
    (ADMIN, "admin-suggestions", lambda w: "/admin/suggestions"),
    (ADMIN, "admin-sources", lambda w: "/admin/sources"),
    (ADMIN, "admin-source", lambda w: "/admin/sources/crm"),
    (ADMIN, "admin-webhooks", lambda w: "/admin/webhooks"),
]


@pytest.mark.parametrize(("user", "name", "path"), PAGES, ids=[p[1] for p in PAGES])
def test_page(page, world, user, name, path):
    sign_in(page, user)
    open_page(page, path(world))
    assert_accessible(page, name)
