"""Datasets of the customer-facing systems: web shop, CRM, marketing bucket, helpdesk.

Written in the format ``catalog.demo.tables`` reads.
"""

from __future__ import annotations

SHOP_DB = """
table customers l | Web shop customer accounts.
  customer_id! customer_number* email* first_name last_name phone birth_date gender
  preferred_language:code country_code loyalty_tier:code is_newsletter_subscriber
  created_at updated_at
table customer_addresses l
  address_id! customer_id* address_type street house_number postal_code:code city region
  country_code is_default created_at
table orders l | One row per order, web or store.
  order_id! order_number* customer_id* store_id channel order_date* status* currency
  total_amount discount_amount shipping_amount tax_amount payment_method:code promotion_code
  created_at updated_at
table order_lines xl
  order_line_id! order_id* line_number:int product_id* sku:code quantity unit_price
  discount_amount tax_rate line_total
table order_status_history xl
  status_change_id! order_id* from_status to_status changed_at changed_by
table products s | Product master as sold in the shop.
  product_id! sku:code* name* category_id brand description unit_price currency weight_kg
  is_active launched_on created_at updated_at
table product_categories xs
  category_id! parent_category_id name* slug sort_order:int
table price_lists xs
  price_list_id! name* currency valid_from valid_to customer_segment
table price_list_items s
  price_list_id! product_id! unit_price min_quantity:int
table promotions xs
  promotion_id! name* promotion_type discount_pct valid_from valid_to budget_amount created_by
  created_at
table promotion_codes s
  promotion_code! promotion_id* max_redemptions:int redemption_count expires_at
table carts l
  cart_id:uuid! customer_id session_id:uuid status created_at updated_at
table cart_items xl
  cart_id:uuid! product_id! quantity unit_price added_at
table returns | Return authorisations (RMA).
  return_id! order_id* customer_id* return_number* requested_at received_at status reason
  refund_amount currency
table return_lines
  return_line_id! return_id* order_line_id* quantity condition:code
table payments l
  payment_id! order_id* payment_method:code provider:code provider_reference amount currency
  status authorised_at captured_at card_last4:code
table gift_cards s
  gift_card_id! card_number:code* initial_value remaining_balance currency issued_at
  expires_on customer_id
table stores xs
  store_id! store_code* name* street postal_code:code city country_code opened_on
  floor_area_m2:int manager_employee_id
table sales_reps xs
  sales_rep_id! employee_id* region quota_amount currency is_active
view v_open_orders | Orders not yet shipped or cancelled.
  order_id order_number customer_id order_date status total_amount currency age_days
view v_daily_revenue
  order_date channel currency order_count gross_revenue net_revenue
"""

CRM = """
table accounts s | Companies we sell to or prospect.
  account_id! account_name* legal_name vat_number:code industry employee_count annual_revenue
  billing_country_code owner_user_id created_at updated_at
table contacts | People at customer and prospect companies.
  contact_id! account_id* first_name last_name job_title email phone mobile_phone
  linkedin_url is_primary_contact created_at updated_at
table leads
  lead_id! first_name last_name company email phone source:code status score
  converted_account_id converted_at created_at
table opportunities s | Deals in the B2B pipeline.
  opportunity_id! account_id* name* stage:code amount currency probability_pct
  expected_close_date owner_user_id lost_reason created_at updated_at
table opportunity_line_items
  line_item_id! opportunity_id* product_id quantity unit_price discount_pct line_total
table activities l
  activity_id! activity_type account_id contact_id opportunity_id subject notes due_date
  completed_at owner_user_id
table meetings
  meeting_id! account_id subject starts_at ends_at location attendees_json owner_user_id
table contracts s
  contract_id! account_id* contract_number* start_date end_date annual_value currency
  auto_renew:bool signed_at
table quotes
  quote_id! opportunity_id* quote_number* valid_until:date total_amount currency
table quote_lines
  quote_line_id! quote_id* product_id quantity unit_price discount_pct
table territories xs
  territory_id! name* region country_code owner_user_id
table consents | Marketing consents collected from contacts (GDPR art. 7 evidence).
  consent_id! contact_id* purpose:code channel granted_at withdrawn_at evidence
view v_pipeline
  opportunity_id account_name stage:code amount currency weighted_amount expected_close_date
"""


def _ad_platform(platform: str, click_id: str) -> str:
    return f"""
file ads/{platform}/campaigns.parquet xs
  campaign_id:code campaign_name objective:code status budget_amount currency start_date
  end_date
file ads/{platform}/ad_groups.parquet s
  ad_group_id:code campaign_id:code ad_group_name status bid_amount
file ads/{platform}/daily_performance.parquet
  report_date campaign_id:code ad_group_id:code impressions clicks conversions spend currency
file ads/{platform}/campaign_clicks.parquet l
  {click_id}:str clicked_at campaign_id:code ad_group_id:code landing_page_url device_type
  country_code
"""


MARKETING_LAKE = (
    """
file web/events/page_views.parquet xl | Page views from the tracking tag, one file per day.
  event_id:uuid anonymous_id:uuid session_id:uuid customer_id page_url page_title
  referrer_url utm_source utm_medium utm_campaign device_type browser country_code ip_address
  event_at
file web/events/sessions.parquet l
  session_id:uuid anonymous_id:uuid customer_id started_at ended_at page_view_count
  landing_page_url utm_source utm_medium utm_campaign is_bounce
file web/events/add_to_cart.parquet l
  event_id:uuid session_id:uuid customer_id sku:code quantity unit_price event_at
file web/events/checkouts.parquet l
  event_id:uuid session_id:uuid customer_id order_number checkout_step:code event_at
file email/sends.csv l | Export from the e-mail marketing tool.
  send_id campaign_code email customer_id sent_at template_code
file email/opens.csv l
  send_id opened_at user_agent ip_address
file email/clicks.csv
  send_id clicked_at link_url
file email/unsubscribes.csv s
  email unsubscribed_at reason list_code
file crm_exports/newsletter_subscribers.csv
  email first_name country_code subscribed_at double_opt_in_at:ts source:code
file seo/search_console_queries.csv
  report_date query page_url clicks impressions ctr_pct avg_position:num
file surveys/nps_responses.csv s | Net promoter score survey answers.
  response_id submitted_at customer_id score comment touchpoint:code
"""
    + _ad_platform("google_ads", "gclid")
    + _ad_platform("meta_ads", "fbclid")
    + _ad_platform("linkedin_ads", "li_fat_id")
)

HELPDESK = """
table tickets l | Support tickets from every channel.
  ticket_id! ticket_number* requester_id* customer_id order_number subject description
  channel priority status category:code assigned_agent_id team_id created_at
  first_response_at resolved_at closed_at updated_at
table ticket_comments xl
  comment_id! ticket_id* author_type:code author_id body is_public created_at
table ticket_events xl
  event_id! ticket_id* event_type field_name:code old_value:str new_value:str actor_id
  occurred_at
table requesters l | People who contacted support (customers or not).
  requester_id! email* name phone customer_id language:code created_at
table agents xs
  agent_id! employee_id* display_name team_id role:code is_active
table teams xs
  team_id! name* manager_agent_id business_hours_code
table sla_policies xs
  sla_policy_id! name* priority first_response_minutes resolution_minutes
table sla_breaches
  breach_id! ticket_id* sla_policy_id* metric:code breached_at minutes_over:int
table satisfaction_ratings | CSAT answers sent after a ticket is solved.
  rating_id! ticket_id* rating comment submitted_at
table knowledge_articles s
  article_id! title* body locale:code status view_count author_agent_id published_at
table call_logs l
  call_id! ticket_id agent_id caller_phone:str direction:code started_at duration_seconds
  recording_url wait_seconds
table chat_sessions l
  chat_id! ticket_id agent_id requester_id started_at ended_at wait_seconds rating
table chat_messages xl
  message_id! chat_id* sender_type:code body sent_at
table macros xs
  macro_id! title* body usage_count created_by
view v_ticket_backlog | Open tickets per team and priority.
  team_id priority status open_count:int oldest_created_at median_age_hours
"""
