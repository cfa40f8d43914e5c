{#- Incremental on DuckDB (delete+insert by customer_id): every row of the customers having
    fct_order_lines rows (re)loaded after this table's last load; the post-hook deletes the rows
    of customers left without any purchase (their orders vanished, moved to another customer or
    stopped counting). See docs/performance.md, "Incremental facts". -#}
{{
    config(
        materialized=incremental_materialization(),
        incremental_strategy=incremental_strategy(),
        unique_key='customer_id',
        on_schema_change='append_new_columns',
        post_hook="{{ incremental_delete_missing(this, ref('fct_order_lines'), 'customer_id', 'kept.is_counted and kept.is_known_customer') }}",
    )
}}

with

order_lines as (
    select * from {{ ref('fct_order_lines') }}
),

{% if is_incremental() %}

    last_load as (
        select max(loaded_at) as loaded_at
        from {{ this }}
    ),

    -- Customers with lines (re)loaded since: fct_orders rewrites every order of a customer
    -- touched by a new, changed, moved or vanished order, and fct_order_lines their lines.
    batch_customers as (
        select distinct order_lines.customer_id
        from order_lines
        cross join last_load
        where last_load.loaded_at is null or order_lines.loaded_at > last_load.loaded_at
    ),

    batch_lines as (
        select order_lines.*
        from order_lines
        where order_lines.customer_id in (select batch_customers.customer_id from batch_customers)
    ),

{% else %}

    batch_lines as (
        select * from order_lines
    ),

{% endif %}

-- A purchase = one counted order of a known customer containing the sku (lines summed).
purchases as (
    {{ metrics_sku_purchases('batch_lines') }}
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
        last_purchase_date,
        {{ incremental_loaded_at() }} as loaded_at
    from customer_skus
)

select * from final
