"""Business descriptions people wrote in the demo catalog, and who wrote them.

Keys are ``<source key>:<dataset name in the source>``. Only some datasets and
columns have one, as in a real catalog: the rest is left for contributors.
"""

from __future__ import annotations

from catalog.demo.content import ADMIN, ANALYST, FINANCE_STEWARD, SALES_STEWARD

# dataset -> (author, Markdown)
DATASETS: dict[str, tuple[str, str]] = {
    "shop-db:customers": (
        SALES_STEWARD,
        "Everyone who created an account in the **web shop** or gave an e-mail address at a "
        "store till. Guest checkouts are *not* here: they only exist on the order.\n\n"
        "- One row per account; merged accounts keep the oldest `customer_id`.\n"
        "- For reporting, prefer `dim_customer`, which also holds B2B customers from the CRM.",
    ),
    "shop-db:orders": (
        SALES_STEWARD,
        "Orders from **every channel** (web, app, stores, marketplace). An order is counted as "
        "revenue once its status is `shipped`; cancellations keep their row.\n\n"
        "| channel | meaning |\n|---|---|\n| `web` | desktop and mobile web |\n"
        "| `app` | iOS and Android apps |\n| `store` | till in a physical store |\n"
        "| `marketplace` | orders taken by partners |",
    ),
    "shop-db:order_lines": (
        ANALYST,
        "One row per product in an order. `line_total` is after discount and **before** tax.",
    ),
    "shop-db:returns": (
        SALES_STEWARD,
        "Return authorisations. A return counts against revenue in the month it is "
        "*received*, not the month of the order.",
    ),
    "shop-db:products": (
        ANALYST,
        "The product catalogue as customers see it. Supply chain's `items` may hold more SKUs "
        "(spare parts, packaging).",
    ),
    "crm:accounts": (
        SALES_STEWARD,
        "B2B customers and prospects: clubs, schools, outdoor rental companies. "
        "An account becomes a *customer* when its first contract is signed.",
    ),
    "crm:opportunities": (
        SALES_STEWARD,
        "The B2B pipeline. The weighted amount is `amount` times `probability_pct`.\n\n"
        "Stages: `prospecting` → `qualified` → `proposal` → `negotiation` → `won` / `lost`.",
    ),
    "crm:consents": (
        ADMIN,
        "Evidence of marketing consent. **Before any campaign**, check that the contact has a "
        "consent for the purpose and channel and that `withdrawn_at` is empty.",
    ),
    "erp:gl_entries": (
        FINANCE_STEWARD,
        "The general ledger, one row per journal line. Debits and credits balance per "
        "journal.\n\n- Amounts are in the entry's currency; `amount_in_eur` uses the month-end "
        "rate.\n- Periods close on the **5th working day**; later corrections land in the "
        "next period.",
    ),
    "erp:invoices": (
        FINANCE_STEWARD,
        "Customer invoices. Web shop orders are invoiced at shipping; B2B orders by the "
        "contract's terms. `paid_at` is set when the full amount is matched.",
    ),
    "erp:suppliers": (
        FINANCE_STEWARD,
        "Suppliers we buy from. Bank details change only through the **four-eyes** "
        "procedure in the ERP; never copy them elsewhere.",
    ),
    "erp:fx_rates": (
        ANALYST,
        "Daily reference rates published by the European Central Bank around 16:00 CET.",
    ),
    "erp:v_trial_balance": (
        FINANCE_STEWARD,
        "Trial balance used for the month-end close. Opening balances come from the prior "
        "period's closing balances.",
    ),
    "hris:employees": (
        ADMIN,
        "The employee register. **Personal data**: access needs HR's approval.\n\n"
        "For headcount reporting use `v_headcount` or `dim_employee`, which hold no contact "
        "or identity details.",
    ),
    "hris:payslips": (
        ADMIN,
        "Payslips as paid. Restricted to payroll and the auditors; aggregated figures are in "
        "`fct_payroll`.",
    ),
    "hris:absences": (
        ADMIN,
        "Leave and sickness. The reason for sickness is never recorded, only that a "
        "certificate was handed in.",
    ),
    "marketing-lake:web/events/page_views.parquet": (
        ANALYST,
        "Raw page views from the tracking tag, **only for visitors who accepted analytics "
        "cookies**. Bots are filtered out in `stg_web__page_views`.",
    ),
    "wms:stock_levels": (
        ADMIN,
        "Stock as the warehouse system sees it right now. `available_qty` is `on_hand_qty` "
        "minus `reserved_qty`.",
    ),
    "helpdesk:tickets": (
        ANALYST,
        "Every contact that needed an answer: e-mail, web form, phone and chat. A ticket "
        "re-opened within 7 days keeps its number.",
    ),
    "analytics-dbt:marts.fct_orders": (
        SALES_STEWARD,
        "**The reference for revenue.** One row per order, amounts converted to EUR at the "
        "order date's rate. Used by the weekly sales report and the board pack.",
    ),
    "analytics-dbt:marts.dim_customer": (
        SALES_STEWARD,
        "One row per customer across the web shop and the CRM. `customer_segment` is "
        "recomputed every night from the last 24 months of orders.",
    ),
    "analytics-dbt:marts.fct_gl_entries": (
        FINANCE_STEWARD,
        "Posted ledger lines in EUR, ready for controlling. Excludes draft journals.",
    ),
    "analytics-dbt:marts.fct_campaign_performance": (
        ANALYST,
        "Spend and attributed revenue per campaign and day. Attribution is **last non-direct "
        "click** over 30 days.",
    ),
    "analytics-dbt:marts.fct_tickets": (
        ANALYST,
        "Tickets with their service times, in business minutes (support hours only).",
    ),
    "edw:reporting.monthly_revenue": (
        FINANCE_STEWARD,
        "Net revenue per month as reported to the board. Matches the ledger within 0.5 %; "
        "differences are explained in the close notes.",
    ),
    "edw:finance_close.management_pnl": (
        FINANCE_STEWARD,
        "Management P&L after the close. Figures are **frozen** once the period is closed.",
    ),
    "edw:sandbox.churn_scores": (
        ANALYST,
        "Experimental; do not use for decisions yet. Ask the data science team first.",
    ),
}

# (dataset, column) -> (author, Markdown)
COLUMNS: dict[tuple[str, str], tuple[str, str]] = {
    ("shop-db:orders", "status"): (
        SALES_STEWARD,
        "`pending` → `paid` → `shipped` → `delivered`; or `cancelled` at any point before "
        "shipping.",
    ),
    ("shop-db:orders", "total_amount"): (
        SALES_STEWARD,
        "What the customer paid, **including** tax and shipping, in `currency`.",
    ),
    ("shop-db:customers", "email"): (
        ADMIN,
        "Personal data. Use it to contact the customer about their orders; marketing needs a "
        "consent.",
    ),
    ("shop-db:customers", "loyalty_tier"): (
        SALES_STEWARD,
        "`basic`, `silver` or `gold`, from the last 12 months of spending.",
    ),
    ("crm:opportunities", "probability_pct"): (
        SALES_STEWARD,
        "Set by the stage, not by the sales rep: 10, 25, 50, 75, 100 or 0.",
    ),
    ("erp:gl_entries", "amount_in_eur"): (
        FINANCE_STEWARD,
        "Debit positive, credit negative, converted at the **month-end** rate.",
    ),
    ("erp:gl_entries", "fiscal_period"): (
        FINANCE_STEWARD,
        "The fiscal year starts on 1 April: period `2025-01` is April 2025.",
    ),
    ("erp:invoices", "due_date"): (
        FINANCE_STEWARD,
        "Invoice date plus the customer's payment terms (30 days unless the contract says "
        "otherwise).",
    ),
    ("hris:employees", "work_location"): (
        ADMIN,
        "Site code: `HQ`, `DC1`, `DC2`, or `REMOTE`.",
    ),
    ("hris:salaries", "annual_salary"): (
        ADMIN,
        "Gross base salary for a full-time year, before bonuses.",
    ),
    ("helpdesk:tickets", "priority"): (
        ANALYST,
        "Set by the agent at triage; `urgent` pages the on-duty team lead.",
    ),
    ("analytics-dbt:marts.fct_orders", "net_amount_eur"): (
        SALES_STEWARD,
        "Order amount **without** tax and shipping, in EUR. This is what *revenue* means in "
        "every sales report.",
    ),
    ("analytics-dbt:marts.dim_customer", "customer_segment"): (
        ANALYST,
        "`new`, `active`, `at_risk` or `lapsed`, from order recency and frequency.",
    ),
}
