"""Plausible values for the demo's sample data, chosen by a column's name and abstract type.

Small word lists rather than a fake-data library: a few hundred rows per table need
only believable names and codes, the same on every run, and no extra dependency.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from catalog.demo.columns import ColumnDef

FIRST_NAMES: tuple[str, ...] = (
    "Ana",
    "Bruno",
    "Chloé",
    "Dmitri",
    "Elif",
    "Femi",
    "Greta",
    "Hiro",
    "Inès",
    "Jonas",
)
FIRST_NAMES += ("Kavya", "Lars", "Maya", "Noah", "Olga", "Pedro", "Quinn", "Rosa", "Sami", "Tove")
LAST_NAMES: tuple[str, ...] = (
    "Costa",
    "Meyer",
    "Dubois",
    "Ivanov",
    "Yilmaz",
    "Adeyemi",
    "Berg",
    "Sato",
    "Moreau",
)
LAST_NAMES += ("Weber", "Rao", "Nilsson", "Novak", "Silva", "Jansen", "Keller", "Lund", "Haddad")
CITIES: tuple[str, ...] = (
    "Berlin",
    "Hamburg",
    "Munich",
    "Paris",
    "Lyon",
    "Stockholm",
    "Gothenburg",
    "Amsterdam",
)
CITIES += ("Utrecht", "London", "Manchester", "Zurich")
PRODUCT_WORDS = ("Trail", "Summit", "Alpine", "Ridge", "Canyon", "Fjord", "Tundra", "Coast")
PRODUCTS = ("Jacket", "Backpack", "Tent", "Boots", "Sleeping Bag", "Headlamp", "Fleece", "Poles")
WORDS: tuple[str, ...] = (
    "order",
    "delivery",
    "customer",
    "refund",
    "stock",
    "invoice",
    "campaign",
    "store",
)
WORDS += ("payment", "season", "quality", "warehouse", "return", "discount", "team", "report")
START = datetime(2024, 1, 1, tzinfo=UTC)
DAYS = 365

# Codes by column name; "table.column" keys take precedence.
CHOICES: dict[str, tuple[str, ...]] = {
    "currency": ("EUR", "EUR", "EUR", "SEK", "GBP", "USD"),
    "from_currency": ("SEK", "GBP", "USD", "CHF", "NOK", "DKK"),
    "to_currency": ("EUR",),
    "channel": ("web", "web", "app", "store", "marketplace"),
    "country_code": ("DE", "DE", "FR", "SE", "NL", "GB", "CH"),
    "billing_country_code": ("DE", "FR", "SE", "NL", "GB"),
    "gender": ("female", "male", "diverse", "undisclosed"),
    "priority": ("low", "normal", "normal", "high", "urgent"),
    "loyalty_tier": ("basic", "basic", "silver", "gold"),
    "preferred_language": ("de", "en", "fr", "sv", "nl"),
    "payment_method": ("card", "card", "paypal", "invoice", "gift_card"),
    "provider": ("adyen", "paypal", "klarna"),
    "address_type": ("billing", "shipping"),
    "account_type": ("asset", "liability", "equity", "revenue", "expense"),
    "employment_type": ("full_time", "full_time", "part_time", "contractor"),
    "absence_type": ("vacation", "vacation", "sick", "parental", "training"),
    "stage": ("prospecting", "qualified", "proposal", "negotiation", "won", "lost"),
    "objective": ("awareness", "traffic", "conversions"),
    "purpose": ("newsletter", "offers", "surveys"),
    "journal_type": ("sales", "purchase", "payroll", "manual"),
    "promotion_type": ("percentage", "fixed_amount", "free_shipping"),
    "run_type": ("regular", "off_cycle"),
    "approval_status": ("pending", "approved", "approved", "rejected"),
    "industry": ("retail", "education", "tourism", "sports clubs", "public sector"),
    "region": ("DACH", "Nordics", "Western Europe", "UK and Ireland"),
    "customer_segment": ("consumer", "club", "school", "rental"),
    "source": ("web_form", "trade_fair", "referral", "cold_call"),
    "device_type": ("desktop", "mobile", "tablet"),
    "job_family": ("sales", "finance", "logistics", "engineering", "marketing"),
    "grade": ("G1", "G2", "G3", "G4", "G5"),
    "pay_grade": ("G1", "G2", "G3", "G4", "G5"),
    "result": ("passed", "passed", "failed"),
    "ifrs_line": ("revenue", "cost_of_sales", "opex", "cash", "receivables", "payables"),
    "version": ("budget", "forecast_1", "forecast_2"),
    "condition": ("new", "opened", "damaged"),
    "template_code": ("welcome", "weekly_deals", "abandoned_cart", "winback"),
    "orders.status": ("pending", "paid", "shipped", "shipped", "delivered", "cancelled"),
    "returns.status": ("requested", "received", "refunded", "rejected"),
    "payments.status": ("authorised", "captured", "captured", "refunded", "failed"),
    "invoices.status": ("open", "paid", "paid", "overdue"),
    "supplier_invoices.status": ("open", "paid"),
    "opportunities.status": ("open", "won", "lost"),
    "leads.status": ("new", "contacted", "qualified", "converted", "disqualified"),
    "gl_journals.status": ("draft", "posted", "posted", "posted"),
    "payroll_runs.status": ("draft", "executed", "executed"),
    "campaigns.status": ("planned", "running", "running", "finished"),
    "campaigns.channel": ("google_ads", "meta_ads", "linkedin_ads", "email"),
    "fx_rates.source": ("ECB",),
    "fiscal_period": tuple(f"2024-{month:02d}" for month in range(1, 13)),
    "nationality": ("DE", "FR", "SE", "NL", "PL", "ES"),
    "status": ("active", "active", "inactive"),
}
# The reference data a handful of tables really hold.
NAMES = {
    "product_categories": ("Jackets", "Footwear", "Tents", "Backpacks", "Sleeping", "Lighting"),
    "departments": ("Sales", "Finance", "Human Resources", "Marketing", "Logistics", "IT"),
    "cost_centers": ("Web shop", "Stores", "B2B sales", "Finance", "HR", "Marketing", "DC North"),
    "trainings": ("First aid", "Forklift licence", "GDPR basics", "Negotiation", "Excel advanced"),
    "bank_accounts": ("Operating account", "Payroll account", "USD account", "Savings"),
}


def row_values(table: str, columns: tuple[ColumnDef, ...], index: int, rng: random.Random) -> dict:
    """Values for the columns of row ``index`` (from 1) of ``table`` (keys aside)."""
    person = (rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES))
    return {column.name: value(table, column, index, rng, person) for column in columns}


def value(
    table: str, column: ColumnDef, index: int, rng: random.Random, person: tuple[str, str]
) -> Any:
    name, kind = column.name, column.type
    first, last = person
    if choices := CHOICES.get(f"{table}.{name}") or CHOICES.get(name):
        return rng.choice(choices)
    if name in ("email", "contact_email", "requester_email"):
        return f"{first.lower()}.{last.lower()}{index}@example.com".replace("é", "e")
    if name == "first_name":
        return first
    if name == "last_name":
        return last
    if name in ("name", "title", "account_name", "campaign_name") and table in NAMES:
        return NAMES[table][(index - 1) % len(NAMES[table])]
    if name in ("name", "account_name", "legal_name", "counterparty_name", "merchant"):
        return _name(table, index, rng, last)
    if name in ("title", "subject", "campaign_name", "description", "reason", "notes", "comment"):
        return " ".join(rng.sample(WORDS, 3)).capitalize()
    if name == "birth_date":
        return (date(1960, 1, 1) + timedelta(days=rng.randrange(42 * 365))).isoformat()
    if name == "city":
        return rng.choice(CITIES)
    if name in ("street", "home_address"):
        return f"{rng.choice(LAST_NAMES)}straße {rng.randint(1, 120)}"
    if name in ("phone", "mobile_phone"):
        return f"+49 {rng.randint(30, 89)} {rng.randint(1_000_000, 9_999_999)}"
    if name in ("iban", "counterparty_iban"):
        return f"DE{rng.randint(10, 99)}{rng.randint(10**17, 10**18 - 1)}"
    if name == "bic":
        return rng.choice(("COBADEFFXXX", "DEUTDEFFXXX", "HANDSESSXXX", "INGBNL2AXXX"))
    if name.endswith("_url"):
        return f"https://example.com/{table}/{index}"
    if name == "sku":
        return f"SKU-{index:05d}"
    if name.endswith(("_number", "_code")) or name in ("code", "vat_number", "tax_code"):
        prefix = "".join(word[0] for word in table.split("_")).upper()
        return f"{prefix}-{10_000 + index}"
    return _by_type(kind, name, rng)


def _name(table: str, index: int, rng: random.Random, last: str) -> str:
    if table == "products":
        return f"{rng.choice(PRODUCT_WORDS)} {rng.choice(PRODUCTS)} {index}"
    if table == "stores":
        return f"{rng.choice(CITIES)} {rng.choice(('Centre', 'Mall', 'Station', 'Outlet'))}"
    if table in ("accounts", "suppliers", "bank_transactions"):
        return f"{last} {rng.choice(('Outdoor', 'Sports', 'Trading', 'Logistics'))} GmbH"
    return f"{table.removesuffix('s').replace('_', ' ').title()} {index}"


def _by_type(kind: str, name: str, rng: random.Random) -> Any:
    if kind in ("id", "ref", "int"):
        return rng.randint(1, 5) if "quantity" in name or "qty" in name else rng.randint(0, 500)
    if kind == "money":
        return round(rng.uniform(5, 900), 2)
    if kind == "num":
        return round(rng.uniform(0, 1), 4)
    if kind == "ts":
        moment = START + timedelta(seconds=rng.randrange(DAYS * 86_400))
        return moment.isoformat(sep=" ", timespec="seconds")
    if kind == "date":
        return (date(2024, 1, 1) + timedelta(days=rng.randrange(DAYS))).isoformat()
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "uuid":
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))
    if kind == "json":
        return '{"source": "web", "version": 2}'
    if kind == "code":
        return rng.choice(("A", "B", "C", "D"))
    return " ".join(rng.sample(WORDS, 2))
