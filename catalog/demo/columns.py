"""Columns of the demo datasets, written tersely and expanded by naming conventions.

A table's columns are one string of words: ``"order_id! customer_id* order_date status"``.
A word is a column name, optionally ``:type`` (one of ``TYPES``), then ``!`` for a primary
key or ``*`` for NOT NULL. Without a type, the name decides it the way a real schema's
conventions would (``*_id`` is a key, ``*_at`` a timestamp, ``*_amount`` money, ...).
Each dialect then spells the type its own way.
"""

from __future__ import annotations

from dataclasses import dataclass

# Abstract types, and how each dialect spells them.
_SQL_TYPES = """
type  | postgresql               | mysql           | sqlite   | snowflake
id    | bigint                   | bigint unsigned | INTEGER  | NUMBER(38,0)
ref   | bigint                   | bigint unsigned | INTEGER  | NUMBER(38,0)
uuid  | uuid                     | char(36)        | TEXT     | VARCHAR(36)
int   | integer                  | int             | INTEGER  | NUMBER(38,0)
money | numeric(14,2)            | decimal(14,2)   | NUMERIC  | NUMBER(14,2)
num   | numeric(9,4)             | decimal(9,4)    | REAL     | FLOAT
ts    | timestamp with time zone | datetime(6)     | DATETIME | TIMESTAMP_TZ
date  | date                     | date            | DATE     | DATE
bool  | boolean                  | tinyint(1)      | BOOLEAN  | BOOLEAN
str   | varchar(255)             | varchar(255)    | TEXT     | VARCHAR
code  | varchar(32)              | varchar(32)     | TEXT     | VARCHAR(32)
text  | text                     | text            | TEXT     | VARCHAR
json  | jsonb                    | json            | TEXT     | VARIANT
"""
# Files: Arrow types for Parquet; for CSV, the types a profiler infers (Frictionless names).
_FILE_TYPES = """
type  | parquet               | csv
id    | int64                 | integer
ref   | int64                 | integer
uuid  | string                | string
int   | int32                 | integer
money | decimal128(14, 2)     | number
num   | double                | number
ts    | timestamp[us, tz=UTC] | datetime
date  | date32                | date
bool  | bool                  | boolean
str   | string                | string
code  | string                | string
text  | string                | string
json  | string                | object
"""


def _dialect_types(table: str) -> dict[str, dict[str, str]]:
    header, *rows = (
        [cell.strip() for cell in line.split("|")] for line in table.strip().splitlines()
    )
    return {dialect: {row[0]: row[i] for row in rows} for i, dialect in enumerate(header) if i}


DIALECT_TYPES = _dialect_types(_SQL_TYPES) | _dialect_types(_FILE_TYPES)
TYPES = tuple(DIALECT_TYPES["postgresql"])

_EXACT_TYPES = {
    "amount": "money",
    "balance": "money",
    "credit": "money",
    "debit": "money",
    "price": "money",
    "revenue": "money",
    "spend": "money",
    "cost": "money",
    "quantity": "int",
    "clicks": "int",
    "impressions": "int",
    "conversions": "int",
    "rating": "int",
    "score": "num",
    "currency": "code",
    "status": "code",
    "channel": "code",
    "gender": "code",
    "priority": "code",
    "bic": "code",
    "valid_from": "date",
    "valid_to": "date",
    "payload": "json",
    "properties": "json",
    "description": "text",
    "notes": "text",
    "body": "text",
    "comment": "text",
    "reason": "text",
}
_SUFFIX_TYPES = (
    ("_id", "ref"),
    ("_at", "ts"),
    ("_date", "date"),
    ("_on", "date"),
    ("_month", "date"),
    ("_amount", "money"),
    ("_price", "money"),
    ("_cost", "money"),
    ("_total", "money"),
    ("_salary", "money"),
    ("_pay", "money"),
    ("_balance", "money"),
    ("_spend", "money"),
    ("_revenue", "money"),
    ("_value", "money"),
    ("_count", "int"),
    ("_qty", "int"),
    ("_quantity", "int"),
    ("_days", "int"),
    ("_seconds", "int"),
    ("_minutes", "int"),
    ("_number", "code"),
    ("_code", "code"),
    ("_type", "code"),
    ("_status", "code"),
    ("_rate", "num"),
    ("_pct", "num"),
    ("_ratio", "num"),
    ("_score", "num"),
    ("_hours", "num"),
    ("_kg", "num"),
    ("_text", "text"),
    ("_json", "json"),
)


def infer_type(name: str) -> str:
    """The abstract type a column of this name has in a conventional schema."""
    if name in _EXACT_TYPES:
        return _EXACT_TYPES[name]
    if name.startswith(("is_", "has_")):
        return "bool"
    for suffix, kind in _SUFFIX_TYPES:
        if name.endswith(suffix):
            return kind
    return "str"


@dataclass(frozen=True)
class ColumnDef:
    name: str
    type: str
    primary_key: bool = False
    required: bool = False


def parse_columns(words: str) -> tuple[ColumnDef, ...]:
    """Expand a table's column string (see the module docstring)."""
    columns = []
    for word in words.split():
        primary_key = word.endswith("!")
        required = primary_key or word.endswith("*")
        word = word.rstrip("!*")
        name, _, kind = word.partition(":")
        kind = kind or infer_type(name)
        if kind not in TYPES:
            raise ValueError(f"Unknown demo column type '{kind}' in '{word}'.")
        columns.append(ColumnDef(name, kind, primary_key, required or name == "created_at"))
    return tuple(columns)


def dialect_type(kind: str, dialect: str) -> str:
    return DIALECT_TYPES[dialect][kind]


# Comments a well-kept source carries on its columns (technical descriptions).
COLUMN_COMMENTS = {
    "created_at": "Time the row was inserted (UTC).",
    "updated_at": "Time the row was last changed (UTC); set by a trigger.",
    "deleted_at": "Soft deletion time; NULL while the row is live.",
    "customer_id": "Reference to the customer.",
    "account_id": "Reference to the customer account.",
    "employee_id": "Reference to the employee (personnel number).",
    "currency": "ISO 4217 currency code.",
    "country_code": "ISO 3166-1 alpha-2 country code.",
    "email": "E-mail address as entered; not verified.",
    "phone": "Phone number in E.164 format when it could be normalised.",
    "birth_date": "Date of birth.",
    "iban": "International bank account number.",
    "bic": "Bank identifier code (SWIFT).",
    "status": "Lifecycle status; see the application's enum.",
    "amount": "Amount in the row's currency.",
    "posting_date": "Date the entry counts for in the ledger.",
    "fiscal_period": "Fiscal period as YYYY-PP.",
    "cost_center_id": "Reference to the cost centre charged.",
    "gl_account_id": "Reference to the general ledger account.",
    "ticket_id": "Reference to the support ticket.",
    "agent_id": "Reference to the service agent.",
    "priority": "Ticket priority: low, normal, high, urgent.",
    "gross_pay": "Pay before deductions.",
    "net_pay": "Pay transferred to the employee.",
    "_loaded_at": "When the row was loaded into the warehouse.",
}

# Column names whose content needs a sensitivity tag, and which one.
SENSITIVE_COLUMNS = {
    "email": "confidential",
    "phone": "confidential",
    "mobile_phone": "confidential",
    "birth_date": "confidential",
    "street": "confidential",
    "home_address": "confidential",
    "ip_address": "confidential",
    "contact_email": "confidential",
    "requester_email": "confidential",
    "iban": "restricted",
    "national_id": "restricted",
    "social_security_number": "restricted",
    "base_salary": "restricted",
    "annual_salary": "restricted",
    "gross_pay": "restricted",
    "net_pay": "restricted",
    "bonus_amount": "restricted",
}
