"""Datasets of the back-office systems: ERP finance, HR information system, warehouses.

Written in the format ``catalog.demo.tables`` reads.
"""

from __future__ import annotations

ERP = """
table gl_accounts xs | Chart of accounts.
  gl_account_id! account_number* name* account_type parent_account_id ifrs_line:code
  is_active
table gl_entries xl | General ledger lines: every posting, balanced per journal.
  gl_entry_id! journal_id* line_number:int gl_account_id* cost_center_id posting_date*
  fiscal_period:code debit credit currency amount_in_eur:money description created_by
  created_at
table gl_journals l
  journal_id! journal_number* journal_type posting_date* fiscal_period:code status
  source_system:code posted_by posted_at
table cost_centers xs
  cost_center_id! code* name* department_id owner_employee_id valid_from valid_to
table invoices l | Customer invoices (accounts receivable).
  invoice_id! invoice_number* customer_id* order_id invoice_date* due_date currency
  net_amount tax_amount gross_amount status paid_at
table invoice_lines xl
  invoice_line_id! invoice_id* line_number:int product_id description quantity unit_price
  tax_code net_amount
table credit_notes
  credit_note_id! credit_note_number* invoice_id* issued_on reason net_amount tax_amount
  currency
table payments_received l
  payment_id! customer_id invoice_id bank_transaction_id amount currency received_on
  payment_reference
table suppliers s | Supplier master data, with the bank details payments go to.
  supplier_id! supplier_number* name* vat_number:code country_code iban bic
  payment_terms_days contact_email created_at updated_at
table supplier_invoices
  supplier_invoice_id! supplier_id* invoice_number* invoice_date due_date currency
  net_amount tax_amount gross_amount approval_status approved_by
table supplier_payments
  supplier_payment_id! supplier_id* supplier_invoice_id amount currency paid_on iban
  payment_run_id
table bank_accounts xs | The company's own bank accounts.
  bank_account_id! name* iban* bic currency gl_account_id opened_on
table bank_transactions l
  bank_transaction_id! bank_account_id* booking_date* value_date amount currency
  counterparty_name counterparty_iban:str remittance_info:text is_reconciled
table budgets
  budget_id! fiscal_year:int fiscal_period:code cost_center_id* gl_account_id* budget_amount
  currency version:code
table fx_rates s | Daily ECB reference rates.
  rate_date! from_currency:code! to_currency:code! rate:num source:code
table tax_codes xs
  tax_code! description rate_pct country_code valid_from valid_to
table fixed_assets s
  asset_id! asset_number* description asset_class:code acquired_on acquisition_cost
  useful_life_months:int cost_center_id disposed_on
table expense_reports
  expense_report_id! employee_id* submitted_at approved_at approved_by total_amount currency
  status
table expense_lines l
  expense_line_id! expense_report_id* expense_date category:code merchant amount currency
  receipt_url
view v_trial_balance | Trial balance per period, computed from posted entries.
  fiscal_period:code gl_account_id account_number opening_balance debit credit
  closing_balance
view v_ar_aging
  customer_id invoice_id due_date days_overdue:int bucket:code open_amount currency
"""

HRIS = """
table employees s | Everyone employed, past and present.
  employee_id! personnel_number* first_name* last_name* email phone birth_date gender
  national_id nationality:code hire_date* termination_date department_id position_id
  manager_employee_id work_location:code employment_type created_at updated_at
table employee_contacts s | Private contact details.
  employee_id! home_address street postal_code:code city country_code mobile_phone
  emergency_contact_name emergency_contact_phone:str
table departments xs
  department_id! name* parent_department_id cost_center_id head_employee_id
table positions s
  position_id! title* job_family:code grade:code department_id fte:num
table job_history s
  job_history_id! employee_id* position_id* department_id valid_from valid_to
  change_reason:code
table contracts s
  contract_id! employee_id* contract_type start_date end_date weekly_hours
  probation_end_date signed_at
table salaries s | Base salary history.
  salary_id! employee_id* valid_from* annual_salary currency pay_grade:code change_reason
table bonuses s
  bonus_id! employee_id* bonus_type bonus_amount currency paid_on
table payroll_runs xs
  payroll_run_id! pay_period_month* run_type status executed_at employee_count
table payslips | One payslip per employee and payroll run.
  payslip_id! payroll_run_id* employee_id* gross_pay tax_withheld:money
  social_contributions:money net_pay currency iban paid_on
table payslip_lines l
  payslip_line_id! payslip_id* wage_type:code description amount
table absences
  absence_id! employee_id* absence_type start_date end_date duration_days approved_by
  medical_certificate:bool
table leave_balances s
  employee_id! leave_year:int! entitlement_days used_days carried_over_days
table time_entries l
  time_entry_id! employee_id* work_date* clock_in_at clock_out_at worked_hours project_code
table trainings xs
  training_id! title* provider duration_hours cost currency
table training_enrolments s
  enrolment_id! training_id* employee_id* enrolled_at completed_at result:code
table performance_reviews s
  review_id! employee_id* reviewer_employee_id review_year:int rating goals_text
  comments_text
table candidates s | People who applied; deleted six months after the decision.
  candidate_id! first_name last_name email phone cv_url source:code consent_until:date
  created_at
table job_applications s
  application_id! candidate_id* position_id* applied_at stage:code rejected_reason
  offer_amount
table benefits_enrolments s
  enrolment_id! employee_id* benefit_plan:code coverage_level:code start_date end_date
  employee_contribution:money
view v_headcount | Headcount by month and department; no personal data.
  snapshot_month department_id employment_type headcount:int fte_total:num
"""

WMS = """
table warehouses xs
  warehouse_id! code* name* city country_code capacity_pallets:int
table storage_locations s
  location_id! warehouse_id* aisle:code rack:code level:code bin:code location_type
  is_pickable
table items s | Stock-keeping units known to the warehouses.
  item_id! sku:code* description unit_of_measure:code weight_kg volume_m3:num supplier_id
  lead_time_days
table stock_levels | Current stock per item and warehouse.
  warehouse_id! item_id! on_hand_qty reserved_qty available_qty reorder_point:int
  last_counted_at updated_at
table stock_movements xl
  movement_id! item_id* warehouse_id* movement_type from_location_id to_location_id quantity
  reference_document:code moved_at moved_by
table purchase_orders
  purchase_order_id! po_number* supplier_id* warehouse_id ordered_at expected_on status
  total_amount currency buyer_employee_id
table purchase_order_lines l
  po_line_id! purchase_order_id* item_id* ordered_qty received_qty unit_price
table goods_receipts
  receipt_id! purchase_order_id* warehouse_id received_at received_by delivery_note:code
table shipments l | Outbound parcels to customers.
  shipment_id! order_number* warehouse_id* carrier_id tracking_number shipped_at
  delivered_at status weight_kg ship_to_postal_code:code ship_to_country_code:code
table shipment_items xl
  shipment_id! item_id! quantity
table carriers xs
  carrier_id! name* service_level:code tracking_url_template is_active
table delivery_events xl
  event_id! shipment_id* event_code:code event_at location_text
table inventory_counts
  count_id! warehouse_id* item_id* counted_at counted_qty system_qty variance_qty counted_by
table replenishment_rules s
  rule_id! item_id* warehouse_id* min_qty max_qty reorder_qty is_active
"""
