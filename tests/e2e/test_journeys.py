"""The issue's journeys, driven through the UI in Chromium as people do them (roles and labels,
never CSS classes): analyst -> steward -> analyst; a source suggestion triaged by IT; an admin
changing a policy; a connector run followed with its progress."""

from __future__ import annotations

import re
import time
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.conftest import open_page, screenshot, sign_in
from tests.e2e.world import ADMIN, ANALYST, STEWARD, World

EXPORT_FILES = 5000


def facet_value(page, facet: str, label: str):
    """A facet's checkbox in the search page's sidebar; its name ends with the count."""
    group = page.get_by_role("complementary", name="Filters").get_by_role("group", name=facet)
    return group.get_by_role("checkbox", name=re.compile(rf"^{re.escape(label)}\b"))


def expect_facet_count(page, facet: str, label: str, count: int) -> None:
    expect(facet_value(page, facet, label)).to_have_accessible_name(
        re.compile(rf"^{re.escape(label)}\s*{count} results?$")
    )


def shown_after_reloads(page, path: str, text: str, seconds: float = 60) -> None:
    """Open ``path`` again until ``text`` is on it (what background workers make)."""
    deadline = time.monotonic() + seconds
    while True:
        open_page(page, path)
        if page.get_by_text(text).count() or time.monotonic() > deadline:
            break
        page.wait_for_timeout(1000)
    expect(page.get_by_text(text).first).to_be_visible()


def choose_action(page, menu: str, action: str) -> None:
    """Open an action menu and choose one action."""
    page.get_by_role("button", name=menu).click()
    page.get_by_role("menuitem", name=action).click()


def search(page, query: str) -> None:
    open_page(page, f"/search?q={query}")
    expect(page.get_by_role("list", name="Results")).to_be_visible()


def test_analyst_contributes_steward_decides_analyst_sees_the_outcome(browser, world, page):
    customers = world.dataset_id("crm", "customers")

    # The analyst finds the dataset through search and opens it.
    sign_in(page, ANALYST)
    search(page, "customer")
    screenshot(page, "journey-search")
    page.get_by_role("list", name="Results").get_by_role("link", name="customers").first.click()
    expect(page).to_have_url(re.compile(rf"/datasets/{customers}$"))
    expect(page.get_by_role("heading", name="customers", level=1)).to_be_visible()

    # Tags the dataset: held for a steward of sales.
    page.get_by_role("button", name="Contribute to this dataset").click()
    page.get_by_role("menuitem", name="Add or remove tags…").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Add a tag").fill("gol")
    dialog.get_by_role("option", name=re.compile("^Gold")).click()
    dialog.get_by_label("Why? (for the reviewer, optional)").fill("Curated by the CRM team.")
    dialog.get_by_role("button", name="Propose").click()
    expect(dialog.get_by_role("status")).to_contain_text("Pending review")
    tag_request = dialog.get_by_role("status").get_by_role("link").inner_text()
    dialog.get_by_role("button", name="Close").click()
    proposals = page.get_by_role("region", name="Proposed changes")
    expect(proposals).to_contain_text("Add tag gold")  # the page has its new state

    # Declares a column personal: in force at once, then reviewed.
    choose_action(page, "Contribute to email", "Declare personal data…")
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Category").select_option(label="Contact details")
    dialog.get_by_label("Justification").fill("Customers' private e-mail addresses.")
    dialog.get_by_role("button", name="Declare").click()
    expect(dialog.get_by_role("status")).to_contain_text("In force, pending review")
    dialog.get_by_role("button", name="Close").click()
    expect(page.get_by_text("Personal data: Contact details")).to_be_visible()
    expect(proposals).to_contain_text("Personal data (contact) on email")
    screenshot(page, "journey-dataset-proposals")

    # Search already counts the declaration in force, not the tag held for review.
    search(page, "customers")
    expect_facet_count(page, "Personal data", "Declared", 1)
    expect(facet_value(page, "Tag", "Gold")).to_have_count(0)

    # The steward approves the tag and rejects the declaration, with a comment.
    steward = browser.new_context(base_url=world.base_url, viewport={"width": 1280, "height": 900})
    try:
        review = steward.new_page()
        sign_in(review, STEWARD)
        open_page(review, "/review")
        queue = review.get_by_role("table")
        expect(queue.get_by_role("link", name="Tag customers as gold")).to_be_visible()
        screenshot(review, "journey-review-queue")
        queue.get_by_role("link", name="Tag customers as gold").click()
        expect(review.get_by_role("heading", name="Tag customers as gold", level=1)).to_be_visible()
        screenshot(review, "journey-request")
        review.get_by_role("button", name="Approve").click()
        expect(review.get_by_text("Sofia approved")).to_be_visible()

        open_page(review, "/review")
        review.get_by_role("link", name=re.compile(r"^Declare customers\.email")).click()
        review.get_by_label("Comment for the proposer (optional)").fill(
            "A shared team mailbox, not a person's address."
        )
        review.get_by_role("button", name="Reject").click()
        expect(review.get_by_text("Sofia rejected")).to_be_visible()
        screenshot(review, "journey-request-rejected")
    finally:
        steward.close()

    # The analyst sees both outcomes, and why.
    open_page(page, "/contributions")
    contributions = page.get_by_role("table")
    expect(
        contributions.get_by_role("row", name=re.compile("Tag customers as gold"))
    ).to_contain_text("Applied")
    expect(
        contributions.get_by_role("row", name=re.compile(r"Declare customers\.email"))
    ).to_contain_text("Rejected")
    screenshot(page, "journey-my-contributions")
    # Notifications are made by the server's background worker, a moment after the decision.
    shown_after_reloads(page, "/notifications", "A shared team mailbox, not a person's address.")
    screenshot(page, "journey-notifications")

    # Search facets follow: the tag is counted, the declaration is gone.
    search(page, "customers")
    expect_facet_count(page, "Tag", "Gold", 1)
    expect(facet_value(page, "Personal data", "Declared")).to_have_count(0)
    facet_value(page, "Tag", "Gold").check()
    results = page.get_by_role("list", name="Results")
    expect(page.get_by_role("heading", name=re.compile(r"of 1 results? for"))).to_be_visible()
    expect(results.get_by_role("link", name="customers", exact=True)).to_be_visible()
    expect(results.get_by_role("link", name="orders", exact=True)).to_have_count(0)
    assert "#" in tag_request


def test_a_source_suggestion_triaged_by_it(browser, world, page):
    sign_in(page, ANALYST)
    open_page(page, "/suggestions/new")
    form = page.get_by_role("form", name="Suggest a data source")
    form.get_by_label("What data").fill("Salesforce opportunities")
    form.get_by_label("Where it lives").fill("Salesforce")
    form.get_by_label("What it holds").fill("Open opportunities with their stage and amount.")
    form.get_by_label("Why the catalog should have it").fill("Sales forecasts need it weekly.")
    screenshot(page, "journey-suggest-a-source")
    form.get_by_role("button", name="Send suggestion").click()
    expect(page.get_by_text("Salesforce opportunities").first).to_be_visible()

    it = browser.new_context(base_url=world.base_url, viewport={"width": 1280, "height": 900})
    try:
        admin = it.new_page()
        sign_in(admin, ADMIN)
        open_page(admin, "/admin/suggestions")
        admin.get_by_role("button", name="Triage Salesforce opportunities").click()
        triage = admin.get_by_role("form", name="Triage Salesforce opportunities")
        triage.get_by_role("radio", name=re.compile("^Plan it")).check()
        triage.get_by_label("Key of the planned source").fill("salesforce")
        screenshot(admin, "journey-triage")
        triage.get_by_role("button", name="Record decision").click()
        expect(triage).to_be_hidden()
        screenshot(admin, "journey-triaged")
    finally:
        it.close()

    open_page(page, "/suggestions")
    suggestion = page.get_by_role("listitem").filter(has_text="Salesforce opportunities")
    expect(suggestion.first).to_contain_text("Planned")
    screenshot(page, "journey-suggestions")


def test_an_admin_changes_a_policy_and_it_applies(browser, world, page):
    # In finance, so that the other journeys keep sales' default (one steward).
    invoices = world.dataset_id("erp", "invoices")
    sign_in(page, ADMIN)
    open_page(page, "/admin/policies")
    page.get_by_label("Where").select_option(label="Finance")
    page.get_by_role("button", name="Edit policy for Add a tag").click()
    form = page.get_by_role("form", name="Policy for Add a tag in Finance")
    form.get_by_role("radio", name=re.compile(r"^Applied at once\s+No review")).check()
    form.get_by_role("button", name="Save policy").click()
    expect(page.get_by_text(re.compile(r"Add a tag: Applied at once"))).to_be_visible()
    screenshot(page, "journey-policies")

    # The analyst's next tag on a finance dataset is applied without review.
    analyst = browser.new_context(base_url=world.base_url, viewport={"width": 1280, "height": 900})
    try:
        tagger = analyst.new_page()
        sign_in(tagger, ANALYST)
        open_page(tagger, f"/datasets/{invoices}")
        tagger.get_by_role("button", name="Contribute to this dataset").click()
        tagger.get_by_role("menuitem", name="Add or remove tags…").click()
        dialog = tagger.get_by_role("dialog")
        dialog.get_by_label("Add a tag").fill("silv")
        dialog.get_by_role("option", name=re.compile("^Silver")).click()
        dialog.get_by_role("button", name="Propose").click()
        expect(dialog.get_by_role("status")).to_contain_text("Applied")
        dialog.get_by_role("button", name="Close").click()
        tags = tagger.get_by_role("region", name="Tags")
        expect(tags.get_by_text("Silver")).to_be_visible()
    finally:
        analyst.close()


def test_a_connector_run_is_shown_with_its_progress(page, world: World, tmp_path: Path):
    # Enough files, handed over a few at a time, that the run is seen while it runs.
    folder = tmp_path / "exports"
    folder.mkdir()
    for i in range(EXPORT_FILES):
        (folder / f"export_{i:04d}.csv").write_text("id,amount,booked_on\n1,1.5,2026-11-21\n")
    admin = world.session(ADMIN)
    admin.post(
        "/api/v1/sources",
        {"key": "exports", "name": "Exports", "platform": "files", "domain": "finance"},
    )

    sign_in(page, ADMIN)
    open_page(page, "/admin/sources/exports")
    connection = page.get_by_role("form", name="Connection")
    connection.get_by_label("Connector").select_option("files")
    connection.get_by_label(re.compile("^Directory")).fill(str(folder))
    connection.get_by_label(re.compile("^Batch size")).fill("1")  # a file per batch: seconds
    connection.get_by_role("button", name="Save connection").click()
    expect(page.get_by_text("No connection yet")).to_be_hidden()
    screenshot(page, "journey-source-connection")

    # Every state of the progress bar, as the page shows it (the page is not reloaded).
    page.evaluate(
        """() => {
          window.__progressSeen = [];
          new MutationObserver(() => {
            const bar = document.querySelector("[role=progressbar]");
            const text = bar && bar.getAttribute("aria-valuetext");
            if (text && window.__progressSeen.at(-1) !== text) window.__progressSeen.push(text);
          }).observe(document.body, { subtree: true, childList: true, attributes: true });
        }"""
    )
    page.get_by_role("button", name="Run now").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Run #\d+$"), level=1)).to_be_visible()
    screenshot(page, "journey-run-progress")
    expect(page.get_by_text("Succeeded", exact=True).first).to_be_visible(timeout=120_000)
    screenshot(page, "journey-run-finished")
    changed = page.get_by_role("region", name="What it changed")
    expect(changed).to_contain_text(f"{EXPORT_FILES:,}")
    seen = page.evaluate("() => window.__progressSeen")
    assert seen, "the run's progress was never shown"
    assert any(re.search(r"\d+ of \d+", text) for text in seen), seen
