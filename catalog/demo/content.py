"""Who and where in the demo company: its domains, sources, vocabularies and accounts.

The demo company sells outdoor gear through a web shop and stores. Its datasets
are described in ``tables`` (the operational systems) and ``analytics`` (the
dbt project and the warehouse); this module holds everything around them.
"""

from __future__ import annotations

from dataclasses import dataclass

from catalog.permissions import Role

# The demo accounts, named here because the content says who set which value.
ADMIN = "admin"
SALES_STEWARD = "sofia"
FINANCE_STEWARD = "farid"
ANALYST = "ana"
VIEWER = "victor"


@dataclass(frozen=True)
class DemoDomain:
    key: str
    name: str
    description: str
    # Who sets quality tags in this domain: its steward, or the data office.
    steward: str = ADMIN


@dataclass(frozen=True)
class DemoSource:
    key: str
    name: str
    platform: str
    domain: str
    description: str
    # The SQL dialect its column types are written in (files: decided by each file's format).
    dialect: str
    # Prefix of its datasets' qualified names (``schema.table``); files have none.
    schema: str = ""
    # Whether the source carries column comments (the crawl turns them into descriptions).
    has_comments: bool = False


@dataclass(frozen=True)
class DemoTag:
    key: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class DemoVocabulary:
    key: str
    name: str
    description: str
    tags: tuple[DemoTag, ...]
    # None: central (the data office's); otherwise the domain that owns it.
    domain: str | None = None


@dataclass(frozen=True)
class DemoAccountSpec:
    username: str
    password: str
    display_name: str
    email: str
    description: str
    roles: tuple[tuple[Role, str | None], ...]


DOMAINS: tuple[DemoDomain, ...] = (
    DemoDomain(
        "sales",
        "Sales",
        "Web shop, stores and B2B sales: customers, orders, returns, the CRM pipeline.",
        steward=SALES_STEWARD,
    ),
    DemoDomain(
        "finance",
        "Finance",
        "Accounting, controlling and treasury: general ledger, invoicing, payables, "
        "budgets and the month-end close.",
        steward=FINANCE_STEWARD,
    ),
    DemoDomain(
        "hr",
        "Human Resources",
        "Employees, positions, payroll, absences, training and recruitment. Most of its "
        "data is personal; access is granted per need.",
    ),
    DemoDomain(
        "marketing",
        "Marketing",
        "Web analytics, paid campaigns, e-mail marketing and customer surveys.",
    ),
    DemoDomain(
        "supply-chain",
        "Supply Chain",
        "Warehouses, stock, purchasing from suppliers, shipments and carriers.",
    ),
    DemoDomain(
        "customer-service",
        "Customer Service",
        "Support tickets, calls and chats, service levels and customer satisfaction.",
    ),
)

SOURCES: tuple[DemoSource, ...] = (
    DemoSource(
        "shop-db",
        "Web shop database",
        "mysql",
        "sales",
        "MySQL 8 database behind the web shop and the store tills (read replica).",
        dialect="mysql",
        schema="sales",
    ),
    DemoSource(
        "crm",
        "CRM",
        "postgresql",
        "sales",
        "B2B customer relationship management: accounts, contacts, leads and opportunities.",
        dialect="postgresql",
        schema="crm",
        has_comments=True,
    ),
    DemoSource(
        "erp",
        "ERP finance",
        "postgresql",
        "finance",
        "Finance module of the ERP: ledger, receivables, payables, assets and budgets.",
        dialect="postgresql",
        schema="finance",
        has_comments=True,
    ),
    DemoSource(
        "hris",
        "HR information system",
        "mysql",
        "hr",
        "Employee records, payroll, time and absence, training and recruiting.",
        dialect="mysql",
        schema="hr",
        has_comments=True,
    ),
    DemoSource(
        "marketing-lake",
        "Marketing landing bucket",
        "files",
        "marketing",
        "Object storage where web tracking, ad platforms and the e-mail tool drop their "
        "daily exports (Parquet and CSV).",
        dialect="files",
    ),
    DemoSource(
        "wms",
        "Warehouse management",
        "sqlite",
        "supply-chain",
        "The warehouse management application (one SQLite file per site, merged nightly).",
        dialect="sqlite",
        schema="main",
    ),
    DemoSource(
        "helpdesk",
        "Helpdesk",
        "postgresql",
        "customer-service",
        "Ticketing, telephony and chat for the customer service centre.",
        dialect="postgresql",
        schema="support",
        has_comments=True,
    ),
    DemoSource(
        "analytics-dbt",
        "Analytics dbt project",
        "dbt",
        "sales",
        "The analytics engineering team's dbt project: staging, intermediate and mart models "
        "built in the warehouse every night.",
        dialect="snowflake",
        schema="analytics",
        has_comments=True,
    ),
    DemoSource(
        "edw",
        "Enterprise data warehouse",
        "snowflake",
        "finance",
        "Snowflake account holding the reporting layer and the finance close tables.",
        dialect="snowflake",
        schema="edw",
    ),
)

QUALITY = DemoVocabulary(
    "data-quality",
    "Data quality",
    "How far a dataset can be trusted, set by its domain's steward.",
    (
        DemoTag("gold", "Gold", "Curated, tested and documented; fit for reporting."),
        DemoTag("silver", "Silver", "Cleaned and conformed; fit for analysis."),
        DemoTag("bronze", "Bronze", "Raw as delivered by the source; use with care."),
    ),
)

SENSITIVITY = DemoVocabulary(
    "sensitivity",
    "Sensitivity",
    "The data office's classification; it decides who may be given access.",
    (
        DemoTag("public", "Public", "May be published outside the company."),
        DemoTag("internal", "Internal", "Any employee may read it."),
        DemoTag("confidential", "Confidential", "Personal or commercially sensitive data."),
        DemoTag(
            "restricted",
            "Restricted",
            "Bank details, pay and other data whose leak would cause serious harm.",
        ),
    ),
)

SUBJECT_AREA = DemoVocabulary(
    "subject-area",
    "Subject area",
    "What a dataset is about, across domains.",
    (
        DemoTag("customer", "Customer"),
        DemoTag("product", "Product"),
        DemoTag("order", "Order"),
        DemoTag("ledger", "Ledger"),
        DemoTag("workforce", "Workforce"),
        DemoTag("web-analytics", "Web analytics"),
        DemoTag("campaign", "Campaign"),
        DemoTag("inventory", "Inventory"),
        DemoTag("logistics", "Logistics"),
        DemoTag("support", "Support"),
    ),
)

HR_CATEGORIES = DemoVocabulary(
    "hr-data-category",
    "HR data category",
    "HR's own categories, agreed with the works council; they decide retention periods.",
    (
        DemoTag("payroll", "Payroll", "Pay, deductions and bank details: kept 10 years."),
        DemoTag("recruitment", "Recruitment", "Candidates: deleted 6 months after a decision."),
        DemoTag("absence", "Absence", "Leave and sickness: kept 3 years."),
        DemoTag("performance", "Performance", "Reviews and goals: kept while employed."),
    ),
    domain="hr",
)

FINANCE_CONTROLS = DemoVocabulary(
    "finance-controls",
    "Finance controls",
    "Finance's own markers for datasets under audit or closing procedures.",
    (
        DemoTag("sox-relevant", "SOX relevant", "Feeds the published accounts; changes audited."),
        DemoTag("month-end-close", "Month-end close", "Frozen on the 5th working day."),
    ),
    domain="finance",
)

VOCABULARIES: tuple[DemoVocabulary, ...] = (
    QUALITY,
    SENSITIVITY,
    SUBJECT_AREA,
    HR_CATEGORIES,
    FINANCE_CONTROLS,
)

ACCOUNTS: tuple[DemoAccountSpec, ...] = (
    DemoAccountSpec(
        ADMIN,
        "demo-admin-pass",
        "Alex Morgan",
        "alex.morgan@example.com",
        "data office: global admin",
        ((Role.ADMIN, None),),
    ),
    DemoAccountSpec(
        SALES_STEWARD,
        "demo-sales-pass",
        "Sofia Lindqvist",
        "sofia.lindqvist@example.com",
        "steward of Sales",
        ((Role.STEWARD, "sales"),),
    ),
    DemoAccountSpec(
        FINANCE_STEWARD,
        "demo-finance-pass",
        "Farid Haddad",
        "farid.haddad@example.com",
        "steward of Finance",
        ((Role.STEWARD, "finance"),),
    ),
    DemoAccountSpec(
        ANALYST,
        "demo-analyst-pass",
        "Ana Costa",
        "ana.costa@example.com",
        "business analyst: contributor in every domain",
        ((Role.CONTRIBUTOR, None),),
    ),
    DemoAccountSpec(
        VIEWER,
        "demo-viewer-pass",
        "Victor Chen",
        "victor.chen@example.com",
        "viewer: reads only",
        ((Role.VIEWER, None),),
    ),
)
