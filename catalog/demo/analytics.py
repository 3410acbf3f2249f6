"""The analytics layer: the dbt project's models and the warehouse's own tables.

Staging models are derived from the operational datasets they clean; the others
are written in the format ``catalog.demo.tables`` reads. Names are paths inside the
warehouse database (``marts.fct_orders``).
"""

from __future__ import annotations

from dataclasses import replace

from catalog.datasets.models import DatasetKind
from catalog.demo.columns import ColumnDef
from catalog.demo.tables import TableDef

# (operational source, its dataset, the system's name in dbt)
STAGED = (
    ("shop-db", "customers", "shop"),
    ("shop-db", "orders", "shop"),
    ("shop-db", "order_lines", "shop"),
    ("shop-db", "products", "shop"),
    ("shop-db", "payments", "shop"),
    ("shop-db", "returns", "shop"),
    ("shop-db", "stores", "shop"),
    ("crm", "accounts", "crm"),
    ("crm", "contacts", "crm"),
    ("crm", "opportunities", "crm"),
    ("erp", "gl_entries", "erp"),
    ("erp", "gl_accounts", "erp"),
    ("erp", "invoices", "erp"),
    ("erp", "invoice_lines", "erp"),
    ("erp", "suppliers", "erp"),
    ("hris", "employees", "hris"),
    ("hris", "payslips", "hris"),
    ("hris", "absences", "hris"),
    ("hris", "departments", "hris"),
    ("marketing-lake", "web/events/page_views.parquet", "web"),
    ("marketing-lake", "web/events/sessions.parquet", "web"),
    ("marketing-lake", "ads/google_ads/campaign_clicks.parquet", "google_ads"),
    ("marketing-lake", "ads/google_ads/daily_performance.parquet", "google_ads"),
    ("wms", "items", "wms"),
    ("wms", "stock_levels", "wms"),
    ("wms", "stock_movements", "wms"),
    ("wms", "shipments", "wms"),
    ("helpdesk", "tickets", "helpdesk"),
    ("helpdesk", "agents", "helpdesk"),
    ("helpdesk", "satisfaction_ratings", "helpdesk"),
)


def staging_model(source: str, system: str, table: TableDef, domain: str) -> TableDef:
    """The dbt model that cleans ``table``: same columns, plus when each row was loaded."""
    return replace(
        table,
        name=f"staging.stg_{system}__{table.short_name.removesuffix('.parquet')}",
        kind=DatasetKind.MODEL,
        columns=(*table.columns, ColumnDef("_loaded_at", "ts", required=True)),
        description=f"Staging model over `{table.name}` from {source}: columns renamed to "
        "the project's conventions, types cast, deleted rows filtered out.",
        domain=domain,
    )


DBT_MODELS = """
[sales]
model intermediate.int_orders__enriched l | Orders with their lines, payments and returns.
  order_id! customer_id order_date channel store_id total_amount_eur:money line_count:int
  has_return first_order_flag:bool
model intermediate.int_customers__identity_resolved l | One key per person across systems.
  customer_key:code! customer_id crm_contact_id requester_id email_hash:code match_rule:code
model marts.dim_customer l | One row per customer (type 1), shop and CRM merged.
  customer_key:code! customer_id email first_name last_name country_code loyalty_tier:code
  first_order_date lifetime_orders:int lifetime_revenue_eur:money is_b2b
  customer_segment:code
model marts.dim_product s | Products with their category path.
  product_key:code! product_id sku:code name category brand is_active
model marts.dim_store xs
  store_key:code! store_id store_code name city country_code opened_on
model marts.fct_orders l | One row per order.
  order_id! order_date customer_key:code store_key:code channel status currency
  gross_amount net_amount_eur:money discount_amount shipping_amount is_returned:bool
model marts.fct_order_lines xl | One row per order line, with margin.
  order_line_id! order_id order_date product_key:code quantity unit_price
  net_amount_eur:money margin_eur:money
model marts.fct_returns | Returned items.
  return_id! order_id return_date product_key:code quantity refund_amount_eur:money
  reason_code
model marts.fct_pipeline l | Daily snapshot of the B2B pipeline.
  snapshot_date! opportunity_id! account_id stage:code amount_eur:money
  weighted_amount_eur:money expected_close_date
[finance]
model marts.dim_date s | Calendar with fiscal periods and working days.
  date_day:date! year:int quarter:int month:int iso_week:int day_of_week:int
  fiscal_year:int fiscal_period:code is_working_day
model marts.dim_gl_account xs
  gl_account_id! account_number name account_type ifrs_line:code
model marts.dim_cost_center xs
  cost_center_id! code name department_name owner_name
model marts.fct_gl_entries xl | Posted general ledger lines in EUR.
  gl_entry_id! posting_date fiscal_period:code gl_account_id cost_center_id
  amount_eur:money debit_eur:money credit_eur:money journal_type
model marts.fct_invoices l | Customer invoices with payment behaviour.
  invoice_id! invoice_date due_date customer_key:code net_amount_eur:money
  gross_amount_eur:money status paid_on days_to_pay:int
model marts.fct_ar_open_items l | Open receivables per day.
  snapshot_date! invoice_id! customer_key:code open_amount_eur:money days_overdue:int
  bucket:code
model marts.fct_budget_vs_actual | Budget against actuals per period and cost centre.
  fiscal_period:code! cost_center_id! gl_account_id! budget_eur:money actual_eur:money
  variance_eur:money
[hr]
model marts.dim_employee s | Employees without contact or pay details.
  employee_key:code! employee_id department_name position_title grade:code
  work_location:code hire_date termination_date is_active
model marts.fct_payroll | Monthly payroll cost per employee.
  pay_period_month! employee_key:code! gross_pay net_pay employer_cost:money cost_center_id
model marts.fct_absences | Absences in working days.
  absence_id! employee_key:code absence_type start_date end_date working_days:int
model marts.fct_headcount_monthly s | Headcount, hires and leavers per month.
  snapshot_month! department_name! headcount:int fte:num hires:int leavers:int
  attrition_rate
[marketing]
model intermediate.int_sessions__attributed xl | Web sessions with channel and order.
  session_id:uuid! customer_id channel_group:code campaign_id:code gclid:str
  attributed_order_id
model marts.dim_campaign s | Campaigns from every ad platform and the e-mail tool.
  campaign_key:code! platform:code campaign_id:code campaign_name objective:code start_date
  end_date
model marts.fct_web_sessions xl | Web sessions with their outcome.
  session_id:uuid! session_date customer_key:code channel_group:code page_view_count
  is_bounce converted:bool
model marts.fct_campaign_performance | Daily spend and return per campaign.
  report_date! campaign_key:code! impressions clicks conversions spend_eur:money
  attributed_revenue_eur:money roas:num
model marts.fct_email_engagement l | E-mail sends and what the recipient did.
  send_id! campaign_key:code customer_key:code sent_at opened_at clicked_at
  unsubscribed:bool
[supply-chain]
model marts.dim_warehouse xs
  warehouse_id! code name city country_code capacity_pallets:int
model marts.dim_item s
  item_id! sku:code description unit_of_measure:code supplier_name lead_time_days
model marts.fct_stock_daily xl | Stock per day, item and warehouse, at standard cost.
  snapshot_date! warehouse_id! item_id! on_hand_qty available_qty stock_value_eur:money
  days_of_cover:num
model marts.fct_shipments l | Outbound shipments and delivery performance.
  shipment_id! order_id warehouse_id carrier_name shipped_date delivered_date
  lead_time_hours is_late
model marts.fct_purchase_orders | Purchase orders and supplier reliability.
  purchase_order_id! supplier_id ordered_date expected_date received_date
  ordered_amount_eur:money fill_rate
[customer-service]
model marts.dim_agent xs
  agent_id! display_name team_name is_active
model marts.fct_tickets l | One row per ticket with its service times.
  ticket_id! created_date customer_key:code channel priority category:code team_name
  first_response_minutes resolution_minutes reopened_count csat_rating:int
model marts.fct_ticket_sla l | Each ticket's service level targets and whether they were met.
  ticket_id! metric:code! target_minutes actual_minutes is_breached
"""

WAREHOUSE_TABLES = """
[sales]
table reporting.monthly_revenue s | Net revenue per month, channel and country.
  revenue_month! channel! country_code! net_revenue_eur:money order_count
  average_order_value_eur:money
table reporting.customer_lifetime_value l
  customer_key:code! first_order_date orders_count revenue_eur:money
  predicted_clv_eur:money churn_probability:num
[marketing]
table reporting.marketing_roi xs | Return on ad spend per month and platform.
  report_month! platform:code! spend_eur:money attributed_revenue_eur:money roas:num
table sandbox.churn_scores l | Weekly churn scores from the data science model (experimental).
  customer_key:code! scored_at churn_probability:num model_version:code top_reason
[hr]
view reporting.headcount_by_department
  snapshot_month department_name headcount:int fte:num
[supply-chain]
table reporting.inventory_turnover s
  report_month! warehouse_code! cogs_eur:money average_stock_eur:money turnover_ratio
[customer-service]
view reporting.ticket_kpis
  report_week:date team_name tickets_created:int tickets_solved:int
  median_first_response_minutes:int csat_pct
[finance]
table finance_close.management_pnl s | Management profit and loss, as shown to the board.
  fiscal_period:code! pnl_line:code! cost_center_id actual_eur:money budget_eur:money
  prior_year_eur:money
table finance_close.balance_sheet xs
  fiscal_period:code! balance_line:code! amount_eur:money
table finance_close.cash_flow_statement xs
  fiscal_period:code! cash_flow_line:code! amount_eur:money
table finance_close.intercompany_eliminations s | Balances eliminated in consolidation.
  fiscal_period:code! from_entity:code! to_entity:code! gl_account_id! amount_eur:money
"""
