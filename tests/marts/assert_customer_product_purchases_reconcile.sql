-- customer_product_purchases is unique per (customer_id, sku), and its quantities add up to the
-- items of known customers' counted orders in fct_order_lines (lines with a sku: a line without
-- one is no product purchase, though fct_orders.items_count counts it). Returns a row per problem.
with

customer_product_purchases as (
    select * from {{ ref('customer_product_purchases') }}
),

order_lines as (
    select * from {{ ref('fct_order_lines') }}
),

customer_order_metrics as (
    select * from {{ ref('customer_order_metrics') }}
),

duplicates as (
    select
        'duplicate customer_id, sku' as problem,
        customer_id,
        sku
    from customer_product_purchases
    group by customer_id, sku
    having count(*) > 1
),

purchase_totals as (
    select coalesce(sum(quantity), 0) as items
    from customer_product_purchases
),

order_totals as (
    select coalesce(sum(quantity), 0) as items
    from order_lines
    where is_counted and is_known_customer and sku is not null
),

recurring_totals as (
    select count(*) as customers
    from customer_order_metrics
    where recurring_items_count > items_count
),

item_mismatch as (
    select
        'items in customer_product_purchases != counted items in fct_order_lines' as problem,
        cast(null as {{ dbt.type_string() }}) as customer_id,
        cast(null as {{ dbt.type_string() }}) as sku
    from purchase_totals
    cross join order_totals
    where purchase_totals.items != order_totals.items
),

recurring_mismatch as (
    select
        'recurring_items_count > items_count' as problem,
        cast(null as {{ dbt.type_string() }}) as customer_id,
        cast(null as {{ dbt.type_string() }}) as sku
    from recurring_totals
    where customers > 0
),

final as (
    select * from duplicates
    union all
    select * from item_mismatch
    union all
    select * from recurring_mismatch
)

select * from final
