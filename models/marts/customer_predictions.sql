-- Per-customer predictions at as_of with the purchase summary they come from: BG/NBD probability
-- alive and expected orders (purchase days) in the next 30/90/365 days, Gamma-Gamma expected order
-- value, predicted 365-day value and churn risk. One row per staged customer. The predictions are
-- computed once, in dim_customers (so the chain from a source to dim_customers stays short); this
-- mart adds the summary (frequency, recency, t, monetary value). Null for customers without a
-- counted order, whenever the fit did not converge, and on Spark: see docs/engines.md.
with

customers as (
    select * from {{ ref('dim_customers') }}
),

purchase_summary as (
    select * from {{ ref('int_customer_purchase_summary') }}
),

final as (
    select
        customers.customer_id,
        customers.churn_risk,
        purchase_summary.frequency,
        purchase_summary.recency,
        purchase_summary.t,
        cast(purchase_summary.monetary_value as double) as monetary_value,
        customers.probability_alive,
        customers.expected_orders_30d,
        customers.expected_orders_90d,
        customers.expected_orders_365d,
        customers.expected_order_value,
        customers.predicted_clv_365d,
        customers.predicted_clv_score
    from customers
    left join purchase_summary
        on customers.customer_id = purchase_summary.customer_id
)

select * from final
