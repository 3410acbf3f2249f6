"""200+ XSS payloads written through the API (descriptions, tag labels, comments, quality
issues, source suggestions, dataset and column names pushed by a connector), rendered in
Chromium: nothing runs.

Each page is opened twice: with the Content-Security-Policy enforced, where an injected
payload is blocked but reported (``securitypolicyviolation``), and with it bypassed, where an
injected payload would really run: the UI's own escaping is what is tested there. A hook set
before any script (``window.__xss``, ``alert``, ``confirm``, ``prompt``, ``print``) and a
dialog listener record anything that runs; the DOM is searched for inline handlers and script
URLs; and enough payloads must be visible as text, so a page cannot pass by showing nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import VIEWPORT
from tests.e2e.conftest import REQUIRE_BROWSER, screenshot, sign_in
from tests.e2e.world import ADMIN, ANALYST, STEWARD
from tests.e2e.xss import DOM_FINDINGS, HOOKS, XssContent, description_sentinel, write_corpus

NOT_FOUND = re.compile(r"^This .+ does not exist$")


@pytest.fixture(scope="module")
def xss(world) -> XssContent:
    content = write_corpus(world)
    assert len(content.payloads) >= 200
    return content


class Probe:
    """One page under attack: what ran, what the DOM holds, what was shown."""

    def __init__(self, page: Any, content: XssContent, label: str) -> None:
        self.page = page
        self.content = content
        self.label = label
        self.dialogs: list[str] = []
        self.missing: list[str] = []
        page.on("dialog", self._dialog)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def open(self, path: str) -> bool:
        """Open a page and let it settle; False if the UI has no such page yet."""
        self.page.goto(path)
        self.page.wait_for_load_state("networkidle")
        if self.page.get_by_role("heading", name=NOT_FOUND).count():
            self.missing.append(path)
            return False
        expect(self.page.locator("[aria-busy='true']")).to_have_count(0)
        return True

    def poke(self) -> None:
        """What a person does: move the mouse over everything, tab around, scroll down."""
        for x, y in ((10, 10), (640, 300), (1270, 890), (200, 700), (900, 150)):
            self.page.mouse.move(x, y, steps=8)
        for _ in range(12):
            self.page.keyboard.press("Tab")
        self.page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
        self.page.wait_for_timeout(300)  # payloads behind setTimeout or animations

    def shown(self) -> set[str]:
        return set(self.content.visible(self.page.evaluate("() => document.body.innerText")))

    def check(self, name: str, *, at_least: int) -> set[str]:
        """Nothing ran, nothing dangerous is in the DOM, and enough payloads are visible."""
        self.poke()
        hits = [
            hit
            for frame in self.page.frames
            for hit in frame.evaluate("() => (window.__xssHits ? [...window.__xssHits] : [])")
        ]
        findings = self.page.evaluate(DOM_FINDINGS)
        screenshot(self.page, f"xss-{self.label}-{name}")
        assert not hits, f"{name}: payloads ran: {hits[:10]}"
        assert not self.dialogs, f"{name}: dialogs opened: {self.dialogs[:10]}"
        assert not findings, f"{name}: dangerous markup in the DOM: {findings[:10]}"
        shown = self.shown()
        assert len(shown) >= at_least, (
            f"{name}: only {len(shown)} payloads visible (expected {at_least} or more): "
            "a page that shows nothing proves nothing"
        )
        return shown

    def finish(self) -> None:
        if self.missing:
            message = f"pages not in the UI yet, so not checked: {', '.join(self.missing)}"
            if REQUIRE_BROWSER:
                pytest.fail(message)
            pytest.skip(message)


@pytest.fixture(params=["csp-enforced", "csp-bypassed"])
def probe(request, browser, world, xss, page_errors) -> Iterator[Probe]:
    context = browser.new_context(
        base_url=world.base_url, viewport=VIEWPORT, bypass_csp=request.param == "csp-bypassed"
    )
    context.set_default_timeout(15_000)
    context.add_init_script(HOOKS)
    page = context.new_page()
    page.on("pageerror", lambda error: page_errors.append(f"{error.name}: {error.message}"))
    try:
        yield Probe(page, xss, request.param)
        assert not page_errors, f"uncaught errors in the page: {page_errors}"
    finally:
        context.close()


def test_connector_and_contributed_text_on_dataset_pages(probe: Probe, xss: XssContent):
    sign_in(probe.page, ANALYST)
    everywhere = len(xss.payloads)

    if probe.open("/datasets?domain=lab&per_page=100"):
        probe.check("datasets-list", at_least=50)
    for n, dataset_id in enumerate(xss.named_datasets):
        if probe.open(f"/datasets/{dataset_id}"):
            probe.check(f"named-dataset-{n}", at_least=1)

    # Column names: the table is virtualized, so scroll it through and gather what was shown.
    if probe.open(f"/datasets/{xss.columns_dataset}"):
        seen = probe.check("columns", at_least=10)
        height = probe.page.evaluate("() => document.body.scrollHeight")
        for y in range(0, height, VIEWPORT["height"] // 2):
            probe.page.evaluate(f"() => window.scrollTo(0, {y})")
            probe.page.wait_for_timeout(30)
            seen |= probe.shown()
        probe.check("columns-bottom", at_least=1)
        assert len(seen) >= 0.9 * everywhere, f"only {len(seen)} column names were shown"

    # Markdown descriptions: raw HTML is sanitized, so fewer payloads survive as text.
    for n, dataset_id in enumerate(xss.description_datasets):
        if probe.open(f"/datasets/{dataset_id}"):
            expect(probe.page.get_by_text(description_sentinel(n))).to_be_visible()
            probe.check(f"description-{n}", at_least=1)

    # Tag labels, then the dataset's tabs: quality issues, discussion, history.
    if probe.open(f"/datasets/{xss.tags_dataset}"):
        probe.check("tags", at_least=int(0.9 * everywhere))
    if probe.open(f"/datasets/{xss.tags_dataset}?tab=quality"):
        probe.check("quality-issues", at_least=10)
    if probe.open(f"/datasets/{xss.tags_dataset}?tab=discussion"):
        probe.check("discussion", at_least=10)
    if probe.open(f"/datasets/{xss.tags_dataset}?tab=activity"):
        # The history names the changes (tag keys, request titles), not the labels' text.
        probe.check("history", at_least=0)
    if probe.open(f"/datasets/{xss.columns_dataset}?tab=lineage"):
        probe.check("lineage", at_least=0)

    if probe.open("/search?q=alert"):
        probe.check("search", at_least=5)
    if probe.open("/"):
        probe.check("home", at_least=0)
    probe.finish()


def test_requests_and_suggestions_as_their_author(probe: Probe, xss: XssContent):
    sign_in(probe.page, ANALYST)
    if probe.open(f"/requests/{xss.request_id}"):
        probe.check("request", at_least=int(0.9 * len(xss.payloads)))
    if probe.open("/contributions"):
        probe.check("contributions", at_least=1)
    if probe.open("/notifications"):
        # Notifications name what happened; they need not quote the text itself.
        probe.check("notifications", at_least=0)
    if probe.open("/suggestions"):
        probe.check("suggestions", at_least=10)
    probe.finish()


def test_review_queue_and_request_as_steward(probe: Probe, xss: XssContent):
    sign_in(probe.page, STEWARD)
    if probe.open("/review"):
        probe.check("review-queue", at_least=1)
    if probe.open(f"/requests/{xss.request_id}"):
        probe.check("request-steward", at_least=int(0.9 * len(xss.payloads)))
    if probe.open("/notifications"):
        probe.check("notifications-steward", at_least=0)
    probe.finish()


def test_administration_pages(probe: Probe, xss: XssContent):
    sign_in(probe.page, ADMIN)
    if probe.open("/admin/suggestions"):
        probe.check("admin-suggestions", at_least=10)
    if probe.open("/admin/sources"):
        probe.check("admin-sources", at_least=1)
    if probe.open("/admin/audit"):
        probe.check("admin-audit", at_least=0)
    probe.finish()
