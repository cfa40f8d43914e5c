{{ config(materialized='table') }}

with

order_lines as (
    select * from {{ ref('int_order_lines') }}
),

-- A purchase = one counted order of a known customer containing the sku (lines summed).
purchases as (
    {{ metrics_sku_purchases('order_lines') }}
),

customer_skus as (
    select
        customer_id,
        sku,
        count(*) as orders_count,
        sum(quantity) as quantity,
        sum(spend) as spend,
        min(order_date) as first_purchase_date,
        max(order_date) as last_purchase_date
    from purchases
    group by customer_id, sku
),

final as (
    select
        customer_id,
        sku,
        cast(orders_count as bigint) as orders_count,
        cast(quantity as bigint) as quantity,
        cast(spend as decimal(18, 2)) as spend,
        first_purchase_date,
        last_purchase_date
    from customer_skus
)

select * from final
