"""The analytics layer: the dbt project's models and the warehouse's reporting tables.

Staging models are derived from the operational tables they clean; intermediate
and mart models, and the warehouse tables, are written out like the operational ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from catalog.datasets.models import DatasetKind
from catalog.demo.tables import OPERATIONAL, TableDef

DBT_SOURCE = "analytics-dbt"
WAREHOUSE_SOURCE = "edw"


@dataclass(frozen=True)
class AnalyticsDataset:
    source: str
    # Where it lives in the warehouse: database.schema.
    namespace: str
    table: TableDef
    domain: str


def _model(name: str, columns: str, description: str, size: str = "m") -> TableDef:
    return TableDef(name, columns, description, DatasetKind.MODEL, size)


# (operational source, its table, the system's name in dbt, the domain it serves)
_STAGED = (
    ("shop-db", "customers", "shop", "sales"),
    ("shop-db", "orders", "shop", "sales"),
    ("shop-db", "order_lines", "shop", "sales"),
    ("shop-db", "products", "shop", "sales"),
    ("shop-db", "payments", "shop", "sales"),
    ("shop-db", "returns", "shop", "sales"),
    ("shop-db", "stores", "shop", "sales"),
    ("crm", "accounts", "crm", "sales"),
    ("crm", "contacts", "crm", "sales"),
    ("crm", "opportunities", "crm", "sales"),
    ("erp", "gl_entries", "erp", "finance"),
    ("erp", "gl_accounts", "erp", "finance"),
    ("erp", "invoices", "erp", "finance"),
    ("erp", "invoice_lines", "erp", "finance"),
    ("erp", "suppliers", "erp", "finance"),
    ("hris", "employees", "hris", "hr"),
    ("hris", "payslips", "hris", "hr"),
    ("hris", "absences", "hris", "hr"),
    ("hris", "departments", "hris", "hr"),
    ("marketing-lake", "web/events/page_views.parquet", "web", "marketing"),
    ("marketing-lake", "web/events/sessions.parquet", "web", "marketing"),
    ("marketing-lake", "ads/google_ads/campaign_clicks.parquet", "google_ads", "marketing"),
    ("marketing-lake", "ads/google_ads/daily_performance.parquet", "google_ads", "marketing"),
    ("wms", "items", "wms", "supply-chain"),
    ("wms", "stock_levels", "wms", "supply-chain"),
    ("wms", "stock_movements", "wms", "supply-chain"),
    ("wms", "shipments", "wms", "supply-chain"),
    ("helpdesk", "tickets", "helpdesk", "customer-service"),
    ("helpdesk", "agents", "helpdesk", "customer-service"),
    ("helpdesk", "satisfaction_ratings", "helpdesk", "customer-service"),
)


def _staging_model(source: str, table_name: str, system: str) -> TableDef:
    table = next(t for t in OPERATIONAL[source] if t.name == table_name)
    entity = table_name.rsplit("/", 1)[-1].removesuffix(".parquet")
    return _model(
        f"stg_{system}__{entity}",
        f"{table.columns} _loaded_at*",
        f"Staging model over `{table_name}` from {source}: columns renamed to the "
        "project's conventions, types cast, deleted rows filtered out.",
        table.size,
    )


_INTERMEDIATE = (
    (
        _model(
            "int_orders__enriched",
            "order_id! customer_id order_date channel store_id total_amount_eur:money "
            "line_count:int has_return:bool first_order_flag:bool",
            "Orders joined with their lines, payments and returns, amounts in EUR.",
            "l",
        ),
        "sales",
    ),
    (
        _model(
            "int_customers__identity_resolved",
            "customer_key:code! customer_id crm_contact_id requester_id email_hash:code "
            "match_rule:code",
            "One key per person across shop, CRM and helpdesk, matched on hashed e-mail.",
            "l",
        ),
        "sales",
    ),
    (
        _model(
            "int_sessions__attributed",
            "session_id:uuid! customer_id channel_group:code campaign_id:code gclid:str "
            "attributed_order_id",
            "Web sessions with their marketing channel and the order they led to.",
            "xl",
        ),
        "marketing",
    ),
)

_MARTS = (
    (
        _model(
            "dim_customer",
            "customer_key:code! customer_id email first_name last_name country_code "
            "loyalty_tier:code first_order_date lifetime_orders:int lifetime_revenue_eur:money "
            "is_b2b customer_segment:code",
            "One row per customer (type 1), shop and CRM merged.",
            "l",
        ),
        "sales",
    ),
    (
        _model(
            "dim_product",
            "product_key:code! product_id sku:code name category brand is_active",
            "Products with their category path.",
            "s",
        ),
        "sales",
    ),
    (
        _model(
            "dim_store",
            "store_key:code! store_id store_code name city country_code opened_on",
            "Stores.",
            "xs",
        ),
        "sales",
    ),
    (
        _model(
            "fct_orders",
            "order_id! order_date customer_key:code store_key:code channel status currency "
            "gross_amount net_amount_eur:money discount_amount shipping_amount is_returned:bool",
            "One row per order.",
            "l",
        ),
        "sales",
    ),
    (
        _model(
            "fct_order_lines",
            "order_line_id! order_id order_date product_key:code quantity unit_price "
            "net_amount_eur:money margin_eur:money",
            "One row per order line, with margin.",
            "xl",
        ),
        "sales",
    ),
    (
        _model(
            "fct_returns",
            "return_id! order_id return_date product_key:code quantity refund_amount_eur:money "
            "reason_code:code",
            "Returned items.",
        ),
        "sales",
    ),
    (
        _model(
            "fct_pipeline",
            "snapshot_date! opportunity_id! account_id stage:code amount_eur:money "
            "weighted_amount_eur:money expected_close_date",
            "Daily snapshot of the B2B pipeline.",
            "l",
        ),
        "sales",
    ),
    (
        _model(
            "dim_date",
            "date_day! year:int quarter:int month:int iso_week:int day_of_week:int "
            "fiscal_year:int fiscal_period:code is_working_day:bool",
            "Calendar with fiscal periods and working days.",
            "s",
        ),
        "finance",
    ),
    (
        _model(
            "dim_gl_account",
            "gl_account_id! account_number name account_type ifrs_line:code",
            "Chart of accounts.",
            "xs",
        ),
        "finance",
    ),
    (
        _model(
            "dim_cost_center",
            "cost_center_id! code name department_name owner_name",
            "Cost centres.",
            "xs",
        ),
        "finance",
    ),
    (
        _model(
            "fct_gl_entries",
            "gl_entry_id! posting_date fiscal_period:code gl_account_id cost_center_id "
            "amount_eur:money debit_eur:money credit_eur:money journal_type:code",
            "Posted general ledger lines in EUR.",
            "xl",
        ),
        "finance",
    ),
    (
        _model(
            "fct_invoices",
            "invoice_id! invoice_date due_date customer_key:code net_amount_eur:money "
            "gross_amount_eur:money status paid_on days_to_pay:int",
            "Customer invoices with payment behaviour.",
            "l",
        ),
        "finance",
    ),
    (
        _model(
            "fct_ar_open_items",
            "snapshot_date! invoice_id! customer_key:code open_amount_eur:money "
            "days_overdue:int bucket:code",
            "Open receivables per day.",
            "l",
        ),
        "finance",
    ),
    (
        _model(
            "fct_budget_vs_actual",
            "fiscal_period:code! cost_center_id! gl_account_id! budget_eur:money "
            "actual_eur:money variance_eur:money",
            "Budget against actuals per period, cost centre and account.",
        ),
        "finance",
    ),
    (
        _model(
            "dim_employee",
            "employee_key:code! employee_id department_name position_title grade:code "
            "work_location:code hire_date termination_date is_active",
            "Employees without contact or pay details.",
            "s",
        ),
        "hr",
    ),
    (
        _model(
            "fct_payroll",
            "pay_period_month! employee_key:code! gross_pay net_pay employer_cost:money "
            "cost_center_id",
            "Monthly payroll cost per employee.",
        ),
        "hr",
    ),
    (
        _model(
            "fct_absences",
            "absence_id! employee_key:code absence_type:code start_date end_date "
            "working_days:int",
            "Absences in working days.",
        ),
        "hr",
    ),
    (
        _model(
            "fct_headcount_monthly",
            "snapshot_month! department_name! headcount:int fte:num hires:int leavers:int "
            "attrition_rate",
            "Headcount, hires and leavers per month and department.",
            "s",
        ),
        "hr",
    ),
    (
        _model(
            "dim_campaign",
            "campaign_key:code! platform:code campaign_id:code campaign_name objective:code "
            "start_date end_date",
            "Campaigns from every ad platform and the e-mail tool.",
            "s",
        ),
        "marketing",
    ),
    (
        _model(
            "fct_web_sessions",
            "session_id:uuid! session_date customer_key:code channel_group:code "
            "page_view_count is_bounce converted:bool",
            "Web sessions with their outcome.",
            "xl",
        ),
        "marketing",
    ),
    (
        _model(
            "fct_campaign_performance",
            "report_date! campaign_key:code! impressions clicks conversions spend_eur:money "
            "attributed_revenue_eur:money roas:num",
            "Daily spend and return per campaign.",
        ),
        "marketing",
    ),
    (
        _model(
            "fct_email_engagement",
            "send_id! campaign_key:code customer_key:code sent_at opened_at clicked_at "
            "unsubscribed:bool",
            "E-mail sends and what the recipient did.",
            "l",
        ),
        "marketing",
    ),
    (
        _model(
            "dim_warehouse",
            "warehouse_id! code name city country_code capacity_pallets:int",
            "Warehouses.",
            "xs",
        ),
        "supply-chain",
    ),
    (
        _model(
            "dim_item",
            "item_id! sku:code description unit_of_measure:code supplier_name lead_time_days",
            "Stock-keeping units.",
            "s",
        ),
        "supply-chain",
    ),
    (
        _model(
            "fct_stock_daily",
            "snapshot_date! warehouse_id! item_id! on_hand_qty available_qty stock_value_eur:money "
            "days_of_cover:num",
            "Stock per day, item and warehouse, valued at standard cost.",
            "xl",
        ),
        "supply-chain",
    ),
    (
        _model(
            "fct_shipments",
            "shipment_id! order_id warehouse_id carrier_name shipped_date delivered_date "
            "lead_time_hours is_late:bool",
            "Outbound shipments and delivery performance.",
            "l",
        ),
        "supply-chain",
    ),
    (
        _model(
            "fct_purchase_orders",
            "purchase_order_id! supplier_id ordered_date expected_date received_date "
            "ordered_amount_eur:money fill_rate",
            "Purchase orders and supplier reliability.",
        ),
        "supply-chain",
    ),
    (
        _model(
            "dim_agent",
            "agent_id! display_name team_name is_active",
            "Service agents.",
            "xs",
        ),
        "customer-service",
    ),
    (
        _model(
            "fct_tickets",
            "ticket_id! created_date customer_key:code channel priority category:code team_name "
            "first_response_minutes resolution_minutes reopened_count csat_rating:int",
            "One row per ticket with its service times.",
            "l",
        ),
        "customer-service",
    ),
    (
        _model(
            "fct_ticket_sla",
            "ticket_id! metric:code! target_minutes actual_minutes is_breached:bool",
            "Each ticket's service level targets and whether they were met.",
            "l",
        ),
        "customer-service",
    ),
)

_WAREHOUSE = (
    (
        "reporting",
        TableDef(
            "monthly_revenue",
            "revenue_month! channel:code! country_code! net_revenue_eur:money order_count "
            "average_order_value_eur:money",
            "Net revenue per month, channel and country.",
            size="s",
        ),
        "sales",
    ),
    (
        "reporting",
        TableDef(
            "customer_lifetime_value",
            "customer_key:code! first_order_date orders_count revenue_eur:money "
            "predicted_clv_eur:money churn_probability:num",
            "",
            size="l",
        ),
        "sales",
    ),
    (
        "reporting",
        TableDef(
            "marketing_roi",
            "report_month! platform:code! spend_eur:money attributed_revenue_eur:money roas:num",
            "Return on ad spend per month and platform.",
            size="xs",
        ),
        "marketing",
    ),
    (
        "reporting",
        TableDef(
            "headcount_by_department",
            "snapshot_month department_name headcount:int fte:num",
            kind=DatasetKind.VIEW,
        ),
        "hr",
    ),
    (
        "reporting",
        TableDef(
            "inventory_turnover",
            "report_month! warehouse_code:code! cogs_eur:money average_stock_eur:money "
            "turnover_ratio",
            "",
            size="s",
        ),
        "supply-chain",
    ),
    (
        "reporting",
        TableDef(
            "ticket_kpis",
            "report_week:date! team_name! tickets_created:int tickets_solved:int "
            "median_first_response_minutes:int csat_pct",
            kind=DatasetKind.VIEW,
        ),
        "customer-service",
    ),
    (
        "finance_close",
        TableDef(
            "management_pnl",
            "fiscal_period:code! pnl_line:code! cost_center_id actual_eur:money "
            "budget_eur:money prior_year_eur:money",
            "Management profit and loss, as presented to the board.",
            size="s",
        ),
        "finance",
    ),
    (
        "finance_close",
        TableDef(
            "balance_sheet",
            "fiscal_period:code! balance_line:code! amount_eur:money",
            "",
            size="xs",
        ),
        "finance",
    ),
    (
        "finance_close",
        TableDef(
            "cash_flow_statement",
            "fiscal_period:code! cash_flow_line:code! amount_eur:money",
            "",
            size="xs",
        ),
        "finance",
    ),
    (
        "finance_close",
        TableDef(
            "intercompany_eliminations",
            "fiscal_period:code! from_entity:code! to_entity:code! gl_account_id! amount_eur:money",
            "Intercompany balances eliminated in consolidation.",
            size="s",
        ),
        "finance",
    ),
    (
        "sandbox",
        TableDef(
            "churn_scores",
            "customer_key:code! scored_at churn_probability:num model_version:code top_reason",
            "Weekly churn scores from the data science team's model (experimental).",
            size="l",
        ),
        "marketing",
    ),
)


def analytics_datasets() -> list[AnalyticsDataset]:
    """The dbt models (staging, intermediate, marts) and the warehouse's own tables."""
    datasets = [
        AnalyticsDataset(
            DBT_SOURCE, "analytics.staging", _staging_model(source, table, system), domain
        )
        for source, table, system, domain in _STAGED
    ]
    datasets += [
        AnalyticsDataset(DBT_SOURCE, "analytics.intermediate", model, domain)
        for model, domain in _INTERMEDIATE
    ]
    datasets += [
        AnalyticsDataset(DBT_SOURCE, "analytics.marts", model, domain) for model, domain in _MARTS
    ]
    datasets += [
        AnalyticsDataset(WAREHOUSE_SOURCE, f"edw.{schema}", table, domain)
        for schema, table, domain in _WAREHOUSE
    ]
    return datasets
