"""The operational systems' tables, views and files, per demo source.

Columns are written in the terse form ``catalog.demo.columns`` expands. ``size``
picks the order of magnitude of a table's row count: xs, s, m, l or xl.
"""

from __future__ import annotations

from dataclasses import dataclass

from catalog.datasets.models import DatasetKind


@dataclass(frozen=True)
class TableDef:
    # A table or view name; for files, the path inside the bucket.
    name: str
    columns: str
    description: str = ""
    kind: DatasetKind = DatasetKind.TABLE
    size: str = "m"


def T(name: str, columns: str, description: str = "", size: str = "m") -> TableDef:
    return TableDef(name, columns, description, DatasetKind.TABLE, size)


def V(name: str, columns: str, description: str = "") -> TableDef:
    return TableDef(name, columns, description, DatasetKind.VIEW)


def F(path: str, columns: str, description: str = "", size: str = "m") -> TableDef:
    return TableDef(path, columns, description, DatasetKind.FILE, size)


_AUDIT = "created_at updated_at"

SHOP = (
    T(
        "customers",
        "customer_id! customer_number* email* first_name last_name phone birth_date gender "
        f"preferred_language:code country_code loyalty_tier:code is_newsletter_subscriber {_AUDIT}",
        "Web shop customer accounts.",
        "l",
    ),
    T(
        "customer_addresses",
        "address_id! customer_id* address_type street house_number postal_code:code city "
        "region country_code is_default created_at",
        size="l",
    ),
    T(
        "orders",
        "order_id! order_number* customer_id* store_id channel order_date* status* currency "
        "total_amount discount_amount shipping_amount tax_amount payment_method:code "
        f"promotion_code {_AUDIT}",
        "One row per order, web or store.",
        "l",
    ),
    T(
        "order_lines",
        "order_line_id! order_id* line_number:int product_id* sku:code quantity unit_price "
        "discount_amount tax_rate line_total",
        size="xl",
    ),
    T(
        "order_status_history",
        "status_change_id! order_id* from_status to_status changed_at changed_by",
        size="xl",
    ),
    T(
        "products",
        "product_id! sku:code* name* category_id brand description unit_price currency "
        f"weight_kg is_active launched_on {_AUDIT}",
        "Product master as sold in the shop.",
        "s",
    ),
    T(
        "product_categories",
        "category_id! parent_category_id name* slug sort_order:int",
        size="xs",
    ),
    T(
        "price_lists",
        "price_list_id! name* currency valid_from valid_to customer_segment",
        size="xs",
    ),
    T("price_list_items", "price_list_id! product_id! unit_price min_quantity:int", size="s"),
    T(
        "promotions",
        "promotion_id! name* promotion_type discount_pct valid_from valid_to budget_amount "
        "created_by created_at",
        size="xs",
    ),
    T(
        "promotion_codes",
        "promotion_code! promotion_id* max_redemptions:int redemption_count expires_at",
        size="s",
    ),
    T("carts", "cart_id:uuid! customer_id session_id:uuid status created_at updated_at", size="l"),
    T("cart_items", "cart_id:uuid! product_id! quantity unit_price added_at", size="xl"),
    T(
        "returns",
        "return_id! order_id* customer_id* return_number* requested_at received_at status "
        "reason refund_amount currency",
        "Return authorisations (RMA).",
    ),
    T("return_lines", "return_line_id! return_id* order_line_id* quantity condition:code"),
    T(
        "payments",
        "payment_id! order_id* payment_method:code provider:code provider_reference amount "
        "currency status authorised_at captured_at card_last4:code",
        size="l",
    ),
    T(
        "gift_cards",
        "gift_card_id! card_number:code* initial_value remaining_balance currency issued_at "
        "expires_on customer_id",
        size="s",
    ),
    T(
        "stores",
        "store_id! store_code* name* street postal_code:code city country_code opened_on "
        "floor_area_m2:int manager_employee_id",
        size="xs",
    ),
    T("sales_reps", "sales_rep_id! employee_id* region quota_amount currency is_active", size="xs"),
    V(
        "v_open_orders",
        "order_id order_number customer_id order_date status total_amount currency age_days",
        "Orders not yet shipped or cancelled.",
    ),
    V("v_daily_revenue", "order_date channel currency order_count gross_revenue net_revenue"),
)

CRM = (
    T(
        "accounts",
        "account_id! account_name* legal_name vat_number:code industry employee_count "
        f"annual_revenue billing_country_code owner_user_id {_AUDIT}",
        "Companies we sell to or prospect.",
        "s",
    ),
    T(
        "contacts",
        "contact_id! account_id* first_name last_name job_title email phone mobile_phone "
        f"linkedin_url is_primary_contact {_AUDIT}",
        "People at customer and prospect companies.",
    ),
    T(
        "leads",
        "lead_id! first_name last_name company email phone source:code status score "
        "converted_account_id converted_at created_at",
    ),
    T(
        "opportunities",
        "opportunity_id! account_id* name* stage:code amount currency probability_pct "
        f"expected_close_date owner_user_id lost_reason {_AUDIT}",
        "Deals in the B2B pipeline.",
        "s",
    ),
    T(
        "opportunity_line_items",
        "line_item_id! opportunity_id* product_id quantity unit_price discount_pct line_total",
    ),
    T(
        "activities",
        "activity_id! activity_type account_id contact_id opportunity_id subject notes "
        "due_date completed_at owner_user_id",
        size="l",
    ),
    T(
        "meetings",
        "meeting_id! account_id subject starts_at ends_at location attendees_json owner_user_id",
    ),
    T(
        "contracts",
        "contract_id! account_id* contract_number* start_date end_date annual_value currency "
        "auto_renew:bool signed_at",
        size="s",
    ),
    T("quotes", "quote_id! opportunity_id* quote_number* valid_until:date total_amount currency"),
    T("quote_lines", "quote_line_id! quote_id* product_id quantity unit_price discount_pct"),
    T("territories", "territory_id! name* region country_code owner_user_id", size="xs"),
    T(
        "consents",
        "consent_id! contact_id* purpose:code channel granted_at withdrawn_at evidence",
        "Marketing consents collected from contacts (GDPR art. 7 evidence).",
    ),
    V(
        "v_pipeline",
        "opportunity_id account_name stage amount currency weighted_amount expected_close_date",
    ),
)

ERP = (
    T(
        "gl_accounts",
        "gl_account_id! account_number* name* account_type parent_account_id "
        "ifrs_line:code is_active",
        "Chart of accounts.",
        "xs",
    ),
    T(
        "gl_entries",
        "gl_entry_id! journal_id* line_number:int gl_account_id* cost_center_id posting_date* "
        "fiscal_period:code debit credit currency amount_in_eur:money description created_by "
        "created_at",
        "General ledger lines: every posting, balanced per journal.",
        "xl",
    ),
    T(
        "gl_journals",
        "journal_id! journal_number* journal_type posting_date* fiscal_period:code status "
        "source_system:code posted_by posted_at",
        size="l",
    ),
    T(
        "cost_centers",
        "cost_center_id! code* name* department_id owner_employee_id valid_from valid_to",
        size="xs",
    ),
    T(
        "invoices",
        "invoice_id! invoice_number* customer_id* order_id invoice_date* due_date currency "
        "net_amount tax_amount gross_amount status paid_at",
        "Customer invoices (accounts receivable).",
        "l",
    ),
    T(
        "invoice_lines",
        "invoice_line_id! invoice_id* line_number:int product_id description quantity "
        "unit_price tax_code net_amount",
        size="xl",
    ),
    T(
        "credit_notes",
        "credit_note_id! credit_note_number* invoice_id* issued_on reason net_amount "
        "tax_amount currency",
    ),
    T(
        "payments_received",
        "payment_id! customer_id invoice_id bank_transaction_id amount currency received_on "
        "payment_reference",
        size="l",
    ),
    T(
        "suppliers",
        "supplier_id! supplier_number* name* vat_number:code country_code iban bic "
        f"payment_terms_days contact_email {_AUDIT}",
        "Supplier master data, with the bank details payments go to.",
        "s",
    ),
    T(
        "supplier_invoices",
        "supplier_invoice_id! supplier_id* invoice_number* invoice_date due_date currency "
        "net_amount tax_amount gross_amount approval_status approved_by",
    ),
    T(
        "supplier_payments",
        "supplier_payment_id! supplier_id* supplier_invoice_id amount currency paid_on iban "
        "payment_run_id",
    ),
    T(
        "bank_accounts",
        "bank_account_id! name* iban* bic currency gl_account_id opened_on",
        "The company's own bank accounts.",
        "xs",
    ),
    T(
        "bank_transactions",
        "bank_transaction_id! bank_account_id* booking_date* value_date amount currency "
        "counterparty_name counterparty_iban:str remittance_info:text is_reconciled",
        size="l",
    ),
    T(
        "budgets",
        "budget_id! fiscal_year:int fiscal_period:code cost_center_id* gl_account_id* "
        "budget_amount currency version:code",
    ),
    T(
        "fx_rates",
        "rate_date! from_currency:code! to_currency:code! rate:num source:code",
        "Daily ECB reference rates.",
        "s",
    ),
    T("tax_codes", "tax_code! description rate_pct country_code valid_from valid_to", size="xs"),
    T(
        "fixed_assets",
        "asset_id! asset_number* description asset_class:code acquired_on acquisition_cost "
        "useful_life_months:int cost_center_id disposed_on",
        size="s",
    ),
    T(
        "expense_reports",
        "expense_report_id! employee_id* submitted_at approved_at approved_by total_amount "
        "currency status",
    ),
    T(
        "expense_lines",
        "expense_line_id! expense_report_id* expense_date category:code merchant amount "
        "currency receipt_url",
        size="l",
    ),
    V(
        "v_trial_balance",
        "fiscal_period gl_account_id account_number opening_balance debit credit closing_balance",
        "Trial balance per period, computed from posted entries.",
    ),
    V(
        "v_ar_aging",
        "customer_id invoice_id due_date days_overdue:int bucket:code open_amount currency",
    ),
)

HRIS = (
    T(
        "employees",
        "employee_id! personnel_number* first_name* last_name* email phone birth_date gender "
        "national_id nationality:code hire_date* termination_date department_id position_id "
        f"manager_employee_id work_location:code employment_type {_AUDIT}",
        "Everyone employed, past and present.",
        "s",
    ),
    T(
        "employee_contacts",
        "employee_id! home_address street postal_code:code city country_code mobile_phone "
        "emergency_contact_name emergency_contact_phone:str",
        "Private contact details.",
        "s",
    ),
    T(
        "departments",
        "department_id! name* parent_department_id cost_center_id head_employee_id",
        size="xs",
    ),
    T(
        "positions",
        "position_id! title* job_family:code grade:code department_id fte:num",
        size="s",
    ),
    T(
        "job_history",
        "job_history_id! employee_id* position_id* department_id valid_from valid_to "
        "change_reason:code",
        size="s",
    ),
    T(
        "contracts",
        "contract_id! employee_id* contract_type start_date end_date weekly_hours "
        "probation_end_date signed_at",
        size="s",
    ),
    T(
        "salaries",
        "salary_id! employee_id* valid_from* annual_salary currency pay_grade:code change_reason",
        "Base salary history.",
        "s",
    ),
    T("bonuses", "bonus_id! employee_id* bonus_type bonus_amount currency paid_on", size="s"),
    T(
        "payroll_runs",
        "payroll_run_id! pay_period_month* run_type status executed_at employee_count",
        size="xs",
    ),
    T(
        "payslips",
        "payslip_id! payroll_run_id* employee_id* gross_pay tax_withheld:money "
        "social_contributions:money net_pay currency iban paid_on",
        "One payslip per employee and payroll run.",
        "m",
    ),
    T(
        "payslip_lines",
        "payslip_line_id! payslip_id* wage_type:code description amount",
        size="l",
    ),
    T(
        "absences",
        "absence_id! employee_id* absence_type start_date end_date duration_days approved_by "
        "medical_certificate:bool",
    ),
    T(
        "leave_balances",
        "employee_id! leave_year:int! entitlement_days used_days carried_over_days",
        size="s",
    ),
    T(
        "time_entries",
        "time_entry_id! employee_id* work_date* clock_in_at clock_out_at worked_hours project_code",
        size="l",
    ),
    T("trainings", "training_id! title* provider duration_hours cost currency", size="xs"),
    T(
        "training_enrolments",
        "enrolment_id! training_id* employee_id* enrolled_at completed_at result:code",
        size="s",
    ),
    T(
        "performance_reviews",
        "review_id! employee_id* reviewer_employee_id review_year:int rating goals_text "
        "comments_text",
        size="s",
    ),
    T(
        "candidates",
        "candidate_id! first_name last_name email phone cv_url source:code consent_until:date "
        "created_at",
        "People who applied; deleted six months after the decision.",
        "s",
    ),
    T(
        "job_applications",
        "application_id! candidate_id* position_id* applied_at stage:code rejected_reason "
        "offer_amount",
        size="s",
    ),
    T(
        "benefits_enrolments",
        "enrolment_id! employee_id* benefit_plan:code coverage_level:code start_date end_date "
        "employee_contribution:money",
        size="s",
    ),
    V(
        "v_headcount",
        "snapshot_month department_id employment_type headcount:int fte_total:num",
        "Headcount by month and department; no personal data.",
    ),
)


def _ad_platform_files(platform: str, click_id: str) -> tuple[TableDef, ...]:
    folder = f"ads/{platform}"
    return (
        F(
            f"{folder}/campaigns.parquet",
            "campaign_id:code campaign_name objective:code status budget_amount currency "
            "start_date end_date",
            size="xs",
        ),
        F(
            f"{folder}/ad_groups.parquet",
            "ad_group_id:code campaign_id:code ad_group_name status bid_amount",
            size="s",
        ),
        F(
            f"{folder}/daily_performance.parquet",
            "report_date campaign_id:code ad_group_id:code impressions clicks conversions "
            "spend currency",
        ),
        F(
            f"{folder}/campaign_clicks.parquet",
            f"{click_id}:str clicked_at campaign_id:code ad_group_id:code landing_page_url "
            "device_type country_code",
            size="l",
        ),
    )


MARKETING_FILES = (
    F(
        "web/events/page_views.parquet",
        "event_id:uuid anonymous_id:uuid session_id:uuid customer_id page_url page_title "
        "referrer_url utm_source utm_medium utm_campaign device_type browser country_code "
        "ip_address event_at",
        "Page views from the tracking tag, one file per day.",
        "xl",
    ),
    F(
        "web/events/sessions.parquet",
        "session_id:uuid anonymous_id:uuid customer_id started_at ended_at page_view_count "
        "landing_page_url utm_source utm_medium utm_campaign is_bounce",
        size="l",
    ),
    F(
        "web/events/add_to_cart.parquet",
        "event_id:uuid session_id:uuid customer_id sku:code quantity unit_price event_at",
        size="l",
    ),
    F(
        "web/events/checkouts.parquet",
        "event_id:uuid session_id:uuid customer_id order_number checkout_step:code event_at",
        size="l",
    ),
    *_ad_platform_files("google_ads", "gclid"),
    *_ad_platform_files("meta_ads", "fbclid"),
    *_ad_platform_files("linkedin_ads", "li_fat_id"),
    F(
        "email/sends.csv",
        "send_id campaign_code:code email customer_id sent_at template_code:code",
        "Export from the e-mail marketing tool.",
        "l",
    ),
    F("email/opens.csv", "send_id opened_at user_agent ip_address", size="l"),
    F("email/clicks.csv", "send_id clicked_at link_url", size="m"),
    F("email/unsubscribes.csv", "email unsubscribed_at reason list_code:code", size="s"),
    F(
        "crm_exports/newsletter_subscribers.csv",
        "email first_name country_code subscribed_at double_opt_in_at:ts source:code",
        size="m",
    ),
    F(
        "seo/search_console_queries.csv",
        "report_date query page_url clicks impressions ctr_pct avg_position:num",
        size="m",
    ),
    F(
        "surveys/nps_responses.csv",
        "response_id submitted_at customer_id score comment touchpoint:code",
        "Net promoter score survey answers.",
        "s",
    ),
)

WMS = (
    T("warehouses", "warehouse_id! code* name* city country_code capacity_pallets:int", size="xs"),
    T(
        "storage_locations",
        "location_id! warehouse_id* aisle:code rack:code level:code bin:code location_type "
        "is_pickable",
        size="s",
    ),
    T(
        "items",
        "item_id! sku:code* description unit_of_measure:code weight_kg volume_m3:num "
        "supplier_id lead_time_days",
        "Stock-keeping units known to the warehouses.",
        "s",
    ),
    T(
        "stock_levels",
        "warehouse_id! item_id! on_hand_qty reserved_qty available_qty reorder_point:int "
        "last_counted_at updated_at",
        "Current stock per item and warehouse.",
        "m",
    ),
    T(
        "stock_movements",
        "movement_id! item_id* warehouse_id* movement_type from_location_id to_location_id "
        "quantity reference_document:code moved_at moved_by",
        size="xl",
    ),
    T(
        "purchase_orders",
        "purchase_order_id! po_number* supplier_id* warehouse_id ordered_at expected_on "
        "status total_amount currency buyer_employee_id",
        size="m",
    ),
    T(
        "purchase_order_lines",
        "po_line_id! purchase_order_id* item_id* ordered_qty received_qty unit_price",
        size="l",
    ),
    T(
        "goods_receipts",
        "receipt_id! purchase_order_id* warehouse_id received_at received_by delivery_note:code",
    ),
    T(
        "shipments",
        "shipment_id! order_number* warehouse_id* carrier_id tracking_number shipped_at "
        "delivered_at status weight_kg ship_to_postal_code:code ship_to_country_code:code",
        "Outbound parcels to customers.",
        "l",
    ),
    T("shipment_items", "shipment_id! item_id! quantity", size="xl"),
    T(
        "carriers",
        "carrier_id! name* service_level:code tracking_url_template is_active",
        size="xs",
    ),
    T(
        "delivery_events",
        "event_id! shipment_id* event_code:code event_at location_text",
        size="xl",
    ),
    T(
        "inventory_counts",
        "count_id! warehouse_id* item_id* counted_at counted_qty system_qty variance_qty "
        "counted_by",
    ),
    T(
        "replenishment_rules",
        "rule_id! item_id* warehouse_id* min_qty max_qty reorder_qty is_active",
        size="s",
    ),
)

HELPDESK = (
    T(
        "tickets",
        "ticket_id! ticket_number* requester_id* customer_id order_number subject "
        "description channel priority status category:code assigned_agent_id team_id "
        "created_at first_response_at resolved_at closed_at updated_at",
        "Support tickets from every channel.",
        "l",
    ),
    T(
        "ticket_comments",
        "comment_id! ticket_id* author_type:code author_id body is_public created_at",
        size="xl",
    ),
    T(
        "ticket_events",
        "event_id! ticket_id* event_type field_name:code old_value:str new_value:str "
        "actor_id occurred_at",
        size="xl",
    ),
    T(
        "requesters",
        "requester_id! email* name phone customer_id language:code created_at",
        "People who contacted support (customers or not).",
        "l",
    ),
    T(
        "agents",
        "agent_id! employee_id* display_name team_id role:code is_active",
        size="xs",
    ),
    T("teams", "team_id! name* manager_agent_id business_hours_code:code", size="xs"),
    T(
        "sla_policies",
        "sla_policy_id! name* priority first_response_minutes resolution_minutes",
        size="xs",
    ),
    T(
        "sla_breaches",
        "breach_id! ticket_id* sla_policy_id* metric:code breached_at minutes_over:int",
    ),
    T(
        "satisfaction_ratings",
        "rating_id! ticket_id* rating comment submitted_at",
        "CSAT answers sent after a ticket is solved.",
    ),
    T(
        "knowledge_articles",
        "article_id! title* body locale:code status view_count author_agent_id published_at",
        size="s",
    ),
    T(
        "call_logs",
        "call_id! ticket_id agent_id caller_phone:str direction:code started_at "
        "duration_seconds recording_url wait_seconds",
        size="l",
    ),
    T(
        "chat_sessions",
        "chat_id! ticket_id agent_id requester_id started_at ended_at wait_seconds rating",
        size="l",
    ),
    T("chat_messages", "message_id! chat_id* sender_type:code body sent_at", size="xl"),
    T("macros", "macro_id! title* body usage_count created_by", size="xs"),
    V(
        "v_ticket_backlog",
        "team_id priority status open_count:int oldest_created_at median_age_hours",
        "Open tickets per team and priority.",
    ),
)

# Each operational source's datasets.
OPERATIONAL: dict[str, tuple[TableDef, ...]] = {
    "shop-db": SHOP,
    "crm": CRM,
    "erp": ERP,
    "hris": HRIS,
    "marketing-lake": MARKETING_FILES,
    "wms": WMS,
    "helpdesk": HELPDESK,
}
