"""A small fixed catalog for the search contract suite, built directly as documents.

Every backend indexes exactly these; the tests state what an analyst should see.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from catalog.search.backend import ColumnDocument, SearchDocument, SearchResult, Trust

_EPOCH = datetime(2026, 6, 1, tzinfo=UTC)

_SOURCES = {
    "crm": ("CRM", "postgresql"),
    "dwh": ("Sales warehouse", "snowflake"),
    "shop": ("Web shop", "mysql"),
    "analytics": ("Web analytics", "bigquery"),
    "erp": ("ERP", "oracle"),
    "hris": ("HR information system", "postgresql"),
    "pim": ("Product information", "postgresql"),
    "wms": ("Warehouse management", "sqlserver"),
    "ml": ("ML platform", "mlflow"),
    "lake": ("Shared data lake", "s3"),
    "telemetry": ("Plant telemetry", "kafka"),
}
_DOMAINS = {
    "sales": "Sales",
    "finance": "Finance",
    "marketing": "Marketing",
    "hr": "Human resources",
    "product": "Product",
    "supply-chain": "Supply chain",
    "customer-care": "Customer care",
}


def _document(
    dataset_id: int,
    name: str,
    columns: str,
    description: str = "",
    *,
    domain: str | None,
    source: str,
    kind: str = "table",
    tags: Sequence[str] = (),
    personal: Sequence[str] = (),
    owners: Sequence[str] = (),
    trust: Trust | None = None,
    popularity: int = 0,
    removed: bool = False,
    column_notes: dict[str, str] | None = None,
) -> SearchDocument:
    source_name, platform = _SOURCES[source]
    notes = column_notes or {}
    return SearchDocument(
        dataset_id=dataset_id,
        urn=f"urn:catalog:{source}:main.{name}",
        name=name,
        qualified_name=f"{source}.main.{name}",
        kind=kind,
        source_key=source,
        source_name=source_name,
        platform=platform,
        domain_key=domain,
        domain_name=_DOMAINS[domain] if domain else None,
        business_description=description,
        technical_description=f"Loaded from {source_name}.",
        columns=tuple(ColumnDocument(c, notes.get(c, "")) for c in columns.split()),
        tags=tuple(sorted(tags)),
        tag_labels=tuple(t.upper() for t in sorted(tags)),
        personal_data_categories=tuple(personal),
        owners=tuple(owners),
        trust=trust,
        popularity=popularity,
        removed=removed,
        updated_at=_EPOCH - timedelta(days=dataset_id * 3 % 31, hours=dataset_id),
        fingerprint=f"fp-{dataset_id}-1",
    )


ENDORSED, WARNING, DEPRECATED = Trust.ENDORSED, Trust.WARNING, Trust.DEPRECATED

CORPUS: tuple[SearchDocument, ...] = (
    _document(1, "customers", "id customer_id email first_name last_name country_code",
              "One row per customer with their contact details.", domain="sales",
              source="crm", tags=["pii", "gold"], personal=["contact"], owners=["alice"],
              trust=ENDORSED, popularity=500),
    _document(2, "customer_orders", "id order_id customer_id order_date total_amount",
              "Orders placed by customers on the web shop.", domain="sales", source="crm",
              tags=["gold"], owners=["bob"], popularity=300),
    _document(3, "dim_customer", "customer_key customer_id segment region",
              "Customer dimension for reporting.", domain="sales", source="dwh", kind="view",
              tags=["certified"], popularity=200),
    _document(4, "stg_customers", "id raw_payload loaded_at",
              "Staging copy of the CRM customer table.", domain="sales", source="dwh",
              popularity=10),
    _document(5, "orderLines", "orderId lineNumber productSku quantity unitPrice",
              "Lines of each order.", domain="sales", source="shop", popularity=150),
    _document(6, "web_events", "event_id session_id page_url event_time user_agent",
              "Clickstream events from the website.", domain="marketing", source="analytics",
              kind="topic", personal=["online_identifier"], popularity=400),
    _document(7, "invoices", "invoice_id customer_id amount currency due_date",
              "Invoices sent to customers.", domain="finance", source="erp", tags=["sox"],
              owners=["carol"], popularity=250),
    _document(8, "invoice_lines", "invoice_id line_number amount tax_amount",
              domain="finance", source="erp", popularity=40),
    _document(9, "payments", "payment_id invoice_id iban paid_at",
              "Payments received for invoices.", domain="finance", source="erp",
              tags=["pii", "sox"], personal=["financial"], owners=["carol"], popularity=100,
              column_notes={"iban": "International bank account number of the payer."}),
    _document(10, "ledger_entries", "entry_id account_code debit credit", domain="finance",
              source="erp", popularity=50),
    _document(11, "employees", "employee_id first_name last_name salary hire_date",
              "Everyone on the payroll.", domain="hr", source="hris", tags=["pii"],
              personal=["contact", "financial"], owners=["dave"], popularity=80),
    _document(12, "salary_history", "employee_id salary valid_from", domain="hr",
              source="hris", personal=["financial"], trust=DEPRECATED, popularity=90),
    _document(13, "products", "product_id sku name category list_price",
              "The product catalogue.", domain="product", source="pim", popularity=220),
    _document(14, "product_prices", "product_id price valid_from valid_to", domain="product",
              source="pim", popularity=30),
    _document(15, "shipments", "shipment_id order_id carrier shipped_at",
              "Parcels sent to customers.", domain="supply-chain", source="wms",
              popularity=60),
    _document(16, "warehouse_stock", "warehouse_code product_id quantity snapshot_date",
              domain="supply-chain", source="wms", popularity=45),
    _document(17, "suppliers", "supplier_id name country_code vat_number",
              domain="supply-chain", source="wms", popularity=35),
    _document(18, "marketing_campaigns", "campaign_id name channel budget",
              domain="marketing", source="analytics", popularity=70),
    _document(19, "campaign_responses", "campaign_id customer_id responded_at channel",
              domain="marketing", source="analytics", popularity=25),
    _document(20, "support_tickets", "ticket_id customer_id priority status opened_at",
              "Tickets opened by customers with the help desk.", domain="customer-care",
              source="crm", popularity=65),
    _document(21, "churn_scores", "customer_id churn_probability scored_at", domain="product",
              source="ml", kind="model", popularity=55),
    _document(22, "fct_revenue_daily", "revenue_date region revenue_amount", domain="finance",
              source="dwh", tags=["gold"], trust=ENDORSED, popularity=600),
    _document(23, "agg_revenue_monthly", "month region revenue_amount", domain="finance",
              source="dwh", trust=WARNING, popularity=20),
    _document(24, "legacy_customer_master", "cust_no cust_name",
              "Old customer master, replaced by customers.", domain="sales", source="crm",
              trust=DEPRECATED, popularity=700),
    _document(25, "customer_addresses", "customer_id street city postal_code", domain="sales",
              source="crm", personal=["contact"], removed=True, popularity=300),
    _document(26, "exchange_rates", "currency_from currency_to rate rate_date", domain=None,
              source="lake", kind="file", popularity=15),
    _document(27, "sensor_readings", "sensor_id reading_value read_at",
              domain="supply-chain", source="telemetry", kind="topic", popularity=5),
    _document(28, "vendor_ratings", "vendor_id rating", domain="supply-chain", source="wms",
              trust=ENDORSED, popularity=20),
    _document(29, "vendor_scores", "vendor_id score", domain="supply-chain", source="wms",
              popularity=20),
    _document(30, "vendor_reviews", "vendor_id review", domain="supply-chain", source="wms",
              trust=DEPRECATED, popularity=20),
    _document(31, "vendor_contracts", "vendor_id contract_value", domain="supply-chain",
              source="wms", popularity=900),
)  # fmt: skip

BY_ID = {d.dataset_id: d for d in CORPUS}
VISIBLE = [d for d in CORPUS if not d.removed]


def names(result: SearchResult) -> list[str]:
    return [BY_ID[h.dataset_id].name for h in result.hits]


def renamed(document: SearchDocument, name: str, version: int) -> SearchDocument:
    return replace(document, name=name, fingerprint=f"fp-{document.dataset_id}-{version}")
