{#- Incremental on DuckDB (delete+insert by order_id): see docs/performance.md, "Incremental
    facts". A run replaces every order of the customers touched by a new, changed, vanished or
    recent order (lookback: var incremental_lookback_days), so the per-customer sequence columns
    stay exact; the post-hook deletes orders that are no longer staged on or before as_of (after
    the batch has seen them, so their customers are recomputed too). -#}
{{
    config(
        materialized=incremental_materialization(),
        incremental_strategy=incremental_strategy(),
        unique_key='order_id',
        on_schema_change='append_new_columns',
        post_hook="{{ incremental_delete_missing(this, ref('int_orders_as_of'), 'order_id') }}",
    )
}}

{%- set lookback_days = metrics_numeric_var('incremental_lookback_days', as_integer=true) | trim | int -%}

with

orders as (
    select * from {{ ref('int_orders_as_of') }}
),

order_lines as (
    select * from {{ ref('stg_shop__order_lines') }}
),

{% if is_incremental() %}

    loaded as (
        select * from {{ this }}
    ),

    -- Orders dated from here on are reprocessed even when unchanged (their lines may still change).
    lookback as (
        select
            {{ metrics_add_days('least(max(order_date), ' ~ as_of_date() ~ ')', -lookback_days) }} as start_date
        from loaded
    ),

    -- New orders (any date), orders whose order-level columns changed, and recent orders.
    touched_orders as (
        select
            orders.order_id,
            orders.customer_id,
            loaded.customer_id as loaded_customer_id
        from orders
        cross join lookback
        left join loaded
            on orders.order_id = loaded.order_id
        where
            loaded.order_id is null
            or orders.order_date >= lookback.start_date
            or orders.customer_id is distinct from loaded.customer_id
            or orders.status is distinct from loaded.status
            or orders.currency is distinct from loaded.currency
            or orders.offer_code is distinct from loaded.offer_code
            or orders.sales_channel is distinct from loaded.sales_channel
            or orders.order_total is distinct from loaded.order_total
            or orders.discount_total is distinct from loaded.discount_total
            or orders.is_counted is distinct from loaded.is_counted
            or orders.is_guest_checkout is distinct from loaded.is_guest_checkout
            or orders.is_known_customer is distinct from loaded.is_known_customer
            or orders.order_date is distinct from loaded.order_date
            or orders.ordered_at is distinct from loaded.ordered_at
    ),

    -- Loaded orders no longer staged on or before as_of (the post-hook deletes them afterwards).
    vanished_orders as (
        select loaded.customer_id
        from loaded
        left join orders
            on loaded.order_id = orders.order_id
        where orders.order_id is null
    ),

    -- Every order of these customers is recomputed (order numbers depend on the earlier orders).
    affected_customers as (
        select customer_id from touched_orders
        union
        select loaded_customer_id as customer_id from touched_orders
        union
        select customer_id from vanished_orders
    ),

    batch_orders as (
        select orders.*
        from orders
        where
            orders.order_id in (select touched_orders.order_id from touched_orders)
            or orders.customer_id in (
                select affected_customers.customer_id from affected_customers
                where affected_customers.customer_id is not null
            )
    ),

    batch_lines as (
        select order_lines.*
        from order_lines
        where order_lines.order_id in (select batch_orders.order_id from batch_orders)
    ),

{% else %}

    batch_orders as (
        select * from orders
    ),

    batch_lines as (
        select * from order_lines
    ),

{% endif %}

order_items as (
    select
        order_id,
        count(*) as lines_count,
        count(distinct sku) as distinct_skus_count,
        sum(quantity) as items_count,
        sum(quantity * unit_price) as lines_total
    from batch_lines
    group by order_id
),

joined as (
    select
        batch_orders.*,
        coalesce(order_items.items_count, 0) as items_count,
        coalesce(order_items.lines_count, 0) as lines_count,
        coalesce(order_items.distinct_skus_count, 0) as distinct_skus_count,
        coalesce(order_items.lines_total, 0) as lines_total
    from batch_orders
    left join order_items
        on batch_orders.order_id = order_items.order_id
),

sequenced as (
    select
        *,
        case
            when is_counted and is_known_customer
                then row_number() over (
                    partition by customer_id, is_counted, is_known_customer
                    order by order_date, ordered_at, order_id
                )
        end as customer_order_number,
        case
            when is_counted and is_known_customer
                then lag(order_date) over (
                    partition by customer_id, is_counted, is_known_customer
                    order by order_date, ordered_at, order_id
                )
        end as previous_order_date
    from joined
),

final as (
    select
        order_id,
        customer_id,
        status,
        currency,
        offer_code,
        sales_channel,
        cast(order_total as decimal(18, 2)) as order_total,
        cast(discount_total as decimal(18, 2)) as discount_total,
        cast(lines_total as decimal(18, 2)) as lines_total,
        cast(items_count as bigint) as items_count,
        cast(lines_count as bigint) as lines_count,
        cast(distinct_skus_count as bigint) as distinct_skus_count,
        cast(customer_order_number as bigint) as customer_order_number,
        {{ metrics_days_between('previous_order_date', 'order_date') }} as days_since_previous_order,
        is_counted,
        is_guest_checkout,
        is_known_customer,
        has_offer_code,
        order_date,
        ordered_at,
        {{ incremental_loaded_at() }} as loaded_at
    from sequenced
)

select * from final
