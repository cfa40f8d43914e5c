-- Counted revenue and items of known customers' orders in fct_orders (order_date <= as_of)
-- must equal the sums of lifetime_revenue and items_count in customer_order_metrics.
-- Returns a row when they differ.
with

orders as (
    select * from {{ ref('fct_orders') }}
),

customer_order_metrics as (
    select * from {{ ref('customer_order_metrics') }}
),

order_totals as (
    select
        coalesce(sum(order_total), 0) as revenue,
        coalesce(sum(items_count), 0) as items,
        count(*) as orders
    from orders
    where
        is_counted
        and is_known_customer
        and order_date <= {{ as_of_date() }}
),

metric_totals as (
    select
        coalesce(sum(lifetime_revenue), 0) as revenue,
        coalesce(sum(items_count), 0) as items,
        coalesce(sum(orders_count), 0) as orders
    from customer_order_metrics
),

final as (
    select
        order_totals.revenue as fct_orders_revenue,
        metric_totals.revenue as metrics_revenue,
        order_totals.items as fct_orders_items,
        metric_totals.items as metrics_items,
        order_totals.orders as fct_orders_orders,
        metric_totals.orders as metrics_orders
    from order_totals
    cross join metric_totals
    where
        order_totals.revenue != metric_totals.revenue
        or order_totals.items != metric_totals.items
        or order_totals.orders != metric_totals.orders
)

select * from final
