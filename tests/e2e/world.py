"""The catalog the browser tests run against, made as a deployment makes it.

The organisation (domains, vocabularies) goes through the services before the server starts:
the API has no route that creates them. The first administrator comes from the command line,
as the README says; everything else goes through the real server's HTTP API: accounts and
grants, sources, a connector (an API client) pushing technical metadata, policies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from catalog.db import Database
from catalog.domains.service import ensure_domain
from catalog.tags.service import ensure_tag, ensure_vocabulary
from tests.e2e.api import ApiSession, Connector, table

PASSWORD = "e2e correct horse battery staple"
ADMIN = "ada"  # administrator, also the IT person who triages source suggestions
STEWARD = "sofia"  # steward of the sales domain only
ANALYST = "alex"  # contributor everywhere (a business analyst)
WIDE_COLUMNS = 1200

CUSTOMERS_COLUMNS = [
    ("customer_id", "bigint"),
    ("email", "text"),
    ("full_name", "text"),
    ("phone_number", "text"),
    ("country_code", "char(2)"),
    ("created_at", "timestamp"),
]


def seed_organisation(database_url: str) -> None:
    """Domains and tag vocabularies, through the services (no API creates them)."""
    database = Database(database_url)
    try:
        with database.transaction() as session:
            ensure_domain(session, "sales", "Sales", "Sales operations and CRM")
            ensure_domain(session, "finance", "Finance")
            ensure_domain(session, "lab", "Security lab", "Untrusted text for the XSS tests")
            quality = ensure_vocabulary(session, "quality", "Data quality")
            for key, label in (("gold", "Gold"), ("silver", "Silver"), ("bronze", "Bronze")):
                ensure_tag(session, quality, key, label)
            subject = ensure_vocabulary(session, "subject", "Subject")
            ensure_tag(session, subject, "customer-data", "Customer data")
            ensure_vocabulary(session, "untrusted", "Untrusted labels")
    finally:
        database.dispose()


@dataclass
class World:
    base_url: str
    connector: Connector
    datasets: dict[str, int] = field(default_factory=dict)

    def session(self, username: str) -> ApiSession:
        return ApiSession(self.base_url).sign_in(username, PASSWORD)

    def dataset_id(self, source: str, name: str) -> int:
        key = f"{source}:{name}"
        if key not in self.datasets:
            urn = f"urn:catalog:{source}:public.{name}"
            found = self.session(ADMIN).get("/api/v1/datasets/by-urn", params={"urn": urn})
            self.datasets[key] = found["id"]
        return self.datasets[key]


def build_world(base_url: str) -> World:
    admin = ApiSession(base_url).sign_in(ADMIN, PASSWORD)
    for username, grants in (
        (STEWARD, [{"role": "steward", "domain": "sales"}]),
        (ANALYST, [{"role": "contributor", "domain": None}]),
    ):
        admin.post(
            "/api/v1/admin/users",
            {
                "username": username,
                "password": PASSWORD,
                "display_name": username.title(),
                "email": f"{username}@example.com",
                "grants": grants,
            },
        )
    for key, name, platform, domain in (
        ("crm", "CRM", "postgresql", "sales"),
        ("erp", "ERP", "mysql", "finance"),
        ("lab", "Lab", "postgresql", "lab"),
    ):
        admin.post(
            "/api/v1/sources", {"key": key, "name": name, "platform": platform, "domain": domain}
        )
    # Contributions in the lab apply at once, so the XSS corpus lands without reviews.
    for kind in ("tag.add", "description.edit"):
        admin.put("/api/v1/policies", {"domain": "lab", "kind": kind, "route": "apply_at_once"})
    client = admin.post(
        "/api/v1/admin/api-clients", {"name": "e2e-connector", "sources": ["crm", "erp", "lab"]}
    )
    connector = Connector(base_url, client["client_id"], client["client_secret"])
    connector.push(
        "crm",
        [
            table("crm", "customers", CUSTOMERS_COLUMNS, "One row per customer of the CRM."),
            table(
                "crm",
                "orders",
                [("order_id", "bigint"), ("customer_id", "bigint"), ("amount", "numeric")],
                "Orders placed by customers.",
            ),
            table(
                "crm",
                "leads",
                [("lead_id", "bigint"), ("contact_email", "text"), ("source", "text")],
                "Marketing leads before they become customers.",
            ),
        ],
    )
    connector.push(
        "erp",
        [table("erp", "invoices", [("invoice_id", "bigint"), ("total", "numeric")], "Invoices.")],
    )
    connector.push("lab", [wide_table()])
    return World(base_url=base_url, connector=connector)


def wide_table() -> dict[str, Any]:
    columns = [(f"measure_{i:04d}", "double precision") for i in range(WIDE_COLUMNS)]
    return table("lab", "wide_events", columns, f"A dataset with {WIDE_COLUMNS} columns.")
