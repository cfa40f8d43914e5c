{{ config(materialized='table') }}

-- The (frequency, recency, T, monetary value) summary the BG/NBD and Gamma-Gamma models are
-- fitted on, one row per customer with a counted order on or before as_of. A purchase is a
-- calendar day with at least one counted order (several orders on one day are one purchase, as in
-- the papers). Times are in days here; the fit converts them to weeks.
with

orders as (
    select * from {{ ref('int_orders_as_of') }}
),

counted_orders as (
    select * from orders
    where
        is_counted
        and is_known_customer
        and customer_id is not null
),

purchase_days as (
    select
        customer_id,
        order_date as purchase_date,
        sum(order_total) as purchase_revenue
    from counted_orders
    group by customer_id, order_date
),

first_purchase_days as (
    select
        customer_id,
        min(purchase_date) as first_purchase_date
    from purchase_days
    group by customer_id
),

customer_purchases as (
    select
        purchase_days.customer_id,
        first_purchase_days.first_purchase_date,
        max(purchase_days.purchase_date) as last_purchase_date,
        count(*) as purchase_days_count,
        sum(
            case
                when purchase_days.purchase_date > first_purchase_days.first_purchase_date
                    then purchase_days.purchase_revenue
            end
        ) as repeat_revenue
    from purchase_days
    inner join first_purchase_days
        on purchase_days.customer_id = first_purchase_days.customer_id
    group by purchase_days.customer_id, first_purchase_days.first_purchase_date
),

final as (
    select
        customer_id,
        cast(purchase_days_count - 1 as bigint) as frequency,
        {{ metrics_days_between('first_purchase_date', 'last_purchase_date') }} as recency,
        {{ metrics_days_between('first_purchase_date', as_of_date()) }} as t,
        cast(repeat_revenue as double) / nullif(purchase_days_count - 1, 0) as monetary_value,
        first_purchase_date,
        last_purchase_date
    from customer_purchases
)

select * from final
