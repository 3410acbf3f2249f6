"""The main pages open in Chromium for each kind of user, with their content, and are
photographed (tests/e2e/artifacts/)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_in
from tests.e2e.world import ADMIN, ANALYST, STEWARD


def test_sign_in_form_refuses_a_wrong_password_then_signs_in(page, world):
    page.goto("/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    screenshot(page, "sign-in")
    page.get_by_label("Username").fill(ANALYST)
    page.get_by_label("Password").fill("not the password at all")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("wrong password")
    screenshot(page, "sign-in-refused")
    sign_in(page, ANALYST)
    screenshot(page, "home")


def test_datasets_list_and_dataset_page(page, world):
    customers = world.dataset_id("crm", "customers")
    sign_in(page, ANALYST)
    page.goto("/datasets")
    expect(page.get_by_role("link", name="customers", exact=True)).to_be_visible()
    screenshot(page, "datasets")
    page.get_by_role("link", name="customers", exact=True).click()
    expect(page).to_have_url(f"{world.base_url}/datasets/{customers}")
    expect(page.get_by_role("heading", name="customers", level=1)).to_be_visible()
    columns = page.get_by_role("table", name="Columns")
    expect(columns.get_by_role("cell", name="phone_number", exact=True)).to_be_visible()
    expect(page.get_by_text("One row per customer of the CRM.")).to_be_visible()
    screenshot(page, "dataset")


def test_admin_pages(page, world):
    sign_in(page, ADMIN)
    page.goto("/admin/users")
    users = page.get_by_role("table", name="Users")
    expect(users.get_by_role("link", name=STEWARD.title(), exact=True)).to_be_visible()
    screenshot(page, "admin-users")
    page.goto("/admin/api-clients")
    expect(page.get_by_text("e2e-connector").first).to_be_visible()
    screenshot(page, "admin-api-clients")
    page.goto("/admin/audit")
    expect(page.get_by_role("table").first).to_be_visible()
    screenshot(page, "admin-audit")
