{{ config(materialized='table') }}

with

order_lines as (
    select * from {{ ref('int_order_lines') }}
),

-- A purchase = one counted order of a known customer containing the sku (lines summed).
purchases as (
    {{ metrics_sku_purchases('order_lines') }}
),

purchases_with_previous as (
    select
        *,
        lag(order_date) over (
            partition by customer_id, sku
            order by order_date, order_id
        ) as previous_purchase_date
    from purchases
),

purchase_intervals as (
    select
        customer_id,
        sku,
        {{ metrics_days_between('previous_purchase_date', 'order_date') }} as days_between_purchases
    from purchases_with_previous
    where previous_purchase_date is not null
),

interval_counts as (
    select
        customer_id,
        sku,
        days_between_purchases,
        count(*) as intervals_count
    from purchase_intervals
    group by customer_id, sku, days_between_purchases
),

final as (
    select
        customer_id,
        sku,
        days_between_purchases,
        cast(intervals_count as bigint) as intervals_count
    from interval_counts
)

select * from final
