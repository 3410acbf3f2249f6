"""The fictional company whose catalog the benchmark generates.

Its domains, sources and vocabularies, and the words that dataset and column
names are made of. ``bench.planner`` draws datasets from them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DomainPlan:
    key: str
    name: str
    description: str
    entity_words: str  # what its datasets are about, separated by spaces

    @property
    def entities(self) -> tuple[str, ...]:
        return tuple(self.entity_words.split())


@dataclass(frozen=True)
class SourcePlan:
    key: str
    name: str
    platform: str
    domain: str | None  # None: datasets without a domain (a shared lake)
    weight: int  # relative share of the datasets
    schemas: tuple[str, ...]


@dataclass(frozen=True)
class VocabularyPlan:
    key: str
    name: str
    domain: str | None
    tags: tuple[tuple[str, str], ...]  # (key, label)


DOMAINS = (
    DomainPlan(
        "sales",
        "Sales",
        "Pipeline, orders and revenue.",
        "customer account opportunity order order_line quote contract territory sales_rep"
        " price_list lead_score forecast",
    ),
    DomainPlan(
        "finance",
        "Finance",
        "Ledgers, invoices and reporting.",
        "invoice invoice_line payment ledger_entry journal cost_center budget"
        " exchange_rate tax_code fiscal_period receivable payable",
    ),
    DomainPlan(
        "marketing",
        "Marketing",
        "Campaigns, web analytics and segments.",
        "campaign lead segment page_view web_session click conversion newsletter audience"
        " ad_spend attribution consent",
    ),
    DomainPlan(
        "hr",
        "Human resources",
        "People, positions and payroll.",
        "employee position department salary absence training candidate"
        " employment_contract payslip headcount review benefit",
    ),
    DomainPlan(
        "supply-chain",
        "Supply chain",
        "Suppliers, stock and shipments.",
        "supplier purchase_order shipment stock_level warehouse carrier sensor_reading"
        " delivery product_lot return forecast_demand route",
    ),
    DomainPlan(
        "product",
        "Product",
        "The product catalogue and how it is used.",
        "product sku category price feature_usage release subscription churn_score"
        " recommendation bundle experiment licence",
    ),
    DomainPlan(
        "customer-care",
        "Customer care",
        "Tickets, calls and satisfaction.",
        "ticket call chat survey_response agent sla escalation knowledge_article"
        " complaint refund callback queue",
    ),
)

SOURCES = (
    SourcePlan("crm", "CRM", "postgresql", "sales", 8, ("public", "sales", "archive")),
    SourcePlan(
        "sales-dwh", "Sales warehouse", "snowflake", "sales", 14, ("raw", "staging", "marts")
    ),
    SourcePlan("erp", "ERP", "oracle", "finance", 10, ("gl", "ap", "ar", "fa")),
    SourcePlan("finance-lake", "Finance data lake", "s3", "finance", 8, ("landing", "curated")),
    SourcePlan(
        "web-analytics", "Web analytics", "bigquery", "marketing", 12, ("events", "reporting")
    ),
    SourcePlan("campaigns", "Campaign manager", "mysql", "marketing", 5, ("campaigns",)),
    SourcePlan("hris", "HR information system", "postgresql", "hr", 5, ("people", "payroll")),
    SourcePlan("wms", "Warehouse management", "sqlserver", "supply-chain", 9, ("dbo", "stock")),
    SourcePlan("plant-telemetry", "Plant telemetry", "kafka", "supply-chain", 6, ("telemetry",)),
    SourcePlan("product-db", "Product database", "postgresql", "product", 9, ("public", "pricing")),
    SourcePlan("ml-platform", "ML platform", "mlflow", "product", 3, ("models",)),
    SourcePlan("ticketing", "Ticketing", "mysql", "customer-care", 6, ("support",)),
    SourcePlan("shared-lake", "Shared data lake", "s3", None, 5, ("exports", "sandbox")),
)

VOCABULARIES = (
    VocabularyPlan(
        "classification",
        "Classification",
        None,
        (
            ("public", "Public"),
            ("internal", "Internal"),
            ("confidential", "Confidential"),
            ("restricted", "Restricted"),
        ),
    ),
    VocabularyPlan(
        "quality",
        "Quality",
        None,
        (
            ("certified", "Certified"),
            ("gold", "Gold"),
            ("silver", "Silver"),
            ("bronze", "Bronze"),
            ("deprecated", "Deprecated"),
        ),
    ),
    VocabularyPlan(
        "privacy",
        "Privacy",
        None,
        (
            ("personal-data", "Personal data"),
            ("sensitive-personal-data", "Sensitive personal data"),
            ("pseudonymised", "Pseudonymised"),
        ),
    ),
    VocabularyPlan(
        "subject",
        "Subject area",
        None,
        (
            ("subject-customer", "Customer"),
            ("subject-product", "Product"),
            ("subject-order", "Order"),
            ("subject-employee", "Employee"),
            ("subject-supplier", "Supplier"),
        ),
    ),
    VocabularyPlan(
        "finance-reporting",
        "Finance reporting",
        "finance",
        (
            ("ifrs", "IFRS"),
            ("sox-relevant", "SOX relevant"),
            ("month-end-close", "Month-end close"),
        ),
    ),
)

# Tags used by the latency runs: one on many datasets, one on few.
COMMON_TAG = "internal"
RARE_TAG = "sox-relevant"

PREFIXES = ("", "raw_", "stg_", "int_", "fct_", "dim_", "agg_", "rpt_", "snap_")
PREFIX_WEIGHTS = (20, 12, 14, 8, 12, 10, 8, 10, 6)
SUFFIXES = (
    *("", "_daily", "_monthly", "_history", "_snapshot", "_v2", "_eu", "_us"),
    *("_apac", "_archive", "_current", "_by_region", "_by_month", "_latest"),
)
SUFFIX_WEIGHTS = (40, 6, 6, 6, 4, 4, 4, 4, 3, 3, 4, 3, 3, 3)

COLUMNS: tuple[tuple[str, str], ...] = (
    ("created_at", "timestamp"),
    ("updated_at", "timestamp"),
    ("deleted_at", "timestamp"),
    ("status", "varchar(32)"),
    ("type", "varchar(32)"),
    ("name", "varchar(255)"),
    ("description", "text"),
    ("code", "varchar(20)"),
    ("amount", "numeric(18,2)"),
    ("currency", "char(3)"),
    ("quantity", "integer"),
    ("unit_price", "numeric(18,4)"),
    ("discount", "numeric(5,2)"),
    ("tax_amount", "numeric(18,2)"),
    ("country_code", "char(2)"),
    ("region", "varchar(64)"),
    ("city", "varchar(128)"),
    ("postal_code", "varchar(16)"),
    ("address_line", "varchar(255)"),
    ("email", "varchar(320)"),
    ("phone_number", "varchar(32)"),
    ("first_name", "varchar(100)"),
    ("last_name", "varchar(100)"),
    ("birth_date", "date"),
    ("iban", "varchar(34)"),
    ("ip_address", "varchar(45)"),
    ("customer_id", "bigint"),
    ("account_id", "bigint"),
    ("product_id", "bigint"),
    ("order_id", "bigint"),
    ("employee_id", "bigint"),
    ("supplier_id", "bigint"),
    ("campaign_id", "bigint"),
    ("channel", "varchar(32)"),
    ("source_system", "varchar(32)"),
    ("is_active", "boolean"),
    ("is_deleted", "boolean"),
    ("valid_from", "date"),
    ("valid_to", "date"),
    ("fiscal_year", "smallint"),
    ("fiscal_period", "smallint"),
    ("event_time", "timestamp"),
    ("event_type", "varchar(64)"),
    ("session_id", "varchar(64)"),
    ("user_agent", "text"),
    ("score", "double"),
    ("probability", "double"),
    ("rank", "integer"),
    ("comment", "text"),
    ("priority", "varchar(16)"),
    ("category", "varchar(64)"),
    ("segment", "varchar(64)"),
    ("language", "char(2)"),
    ("latitude", "double"),
    ("longitude", "double"),
    ("weight_kg", "numeric(10,3)"),
    ("load_id", "bigint"),
    ("batch_date", "date"),
    ("checksum", "char(64)"),
    ("row_version", "integer"),
    ("owner", "varchar(100)"),
    ("approved_by", "varchar(100)"),
    ("approved_at", "timestamp"),
    ("due_date", "date"),
    ("paid_at", "timestamp"),
    ("payment_method", "varchar(32)"),
    ("vat_number", "varchar(20)"),
    ("company_name", "varchar(255)"),
    ("department", "varchar(64)"),
    ("job_title", "varchar(128)"),
    ("salary", "numeric(12,2)"),
    ("hire_date", "date"),
    ("warehouse_code", "varchar(16)"),
    ("sku", "varchar(32)"),
    ("barcode", "varchar(32)"),
)

COLUMN_NOTES = {
    "created_at": "When the row was created in the source.",
    "updated_at": "When the row last changed in the source.",
    "deleted_at": "Set when the row was deleted (soft delete).",
    "load_id": "Identifier of the ingestion run that loaded the row.",
    "checksum": "SHA-256 of the business columns, used for change detection.",
    "currency": "ISO 4217 currency code.",
    "country_code": "ISO 3166-1 alpha-2 country code.",
}

# Columns that hold personal data, and the privacy tag each one gets.
PERSONAL_COLUMNS = {
    "email": "personal-data",
    "phone_number": "personal-data",
    "first_name": "personal-data",
    "last_name": "personal-data",
    "address_line": "personal-data",
    "ip_address": "personal-data",
    "iban": "sensitive-personal-data",
    "birth_date": "sensitive-personal-data",
    "salary": "sensitive-personal-data",
}

SUBJECT_TAGS = {
    "customer": "subject-customer",
    "account": "subject-customer",
    "order": "subject-order",
    "order_line": "subject-order",
    "product": "subject-product",
    "sku": "subject-product",
    "employee": "subject-employee",
    "supplier": "subject-supplier",
}

REFRESH = ("every night", "every hour", "every Monday", "at month end", "continuously")
USES = (
    "revenue reporting",
    "the monthly business review",
    "churn analysis",
    "regulatory reporting",
    "capacity planning",
    "the customer 360 view",
    "forecasting",
    "audit requests",
)
