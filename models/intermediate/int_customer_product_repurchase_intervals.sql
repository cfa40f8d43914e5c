{#- Incremental on DuckDB (delete+insert by customer_id): the customers whose rows in
    int_customer_product_purchases were (re)written after this table's last load are recomputed
    from their order lines; the post-hook deletes the rows of customers that are no longer in
    int_customer_product_purchases or were rewritten there without getting a repurchase here.
    See docs/performance.md, "Incremental facts". -#}
{{
    config(
        materialized=incremental_materialization(),
        incremental_strategy=incremental_strategy(),
        unique_key='customer_id',
        on_schema_change='append_new_columns',
        post_hook="{{ incremental_delete_missing(this, ref('int_customer_product_purchases'), 'customer_id', 'kept.loaded_at <= target_rows.loaded_at') }}",
    )
}}

-- depends_on: {{ ref('int_customer_product_purchases') }}

with

order_lines as (
    select * from {{ ref('fct_order_lines') }}
),

{% if is_incremental() %}

    customer_purchases as (
        select * from {{ ref('int_customer_product_purchases') }}
    ),

    last_load as (
        select max(loaded_at) as loaded_at
        from {{ this }}
    ),

    batch_customers as (
        select distinct customer_purchases.customer_id
        from customer_purchases
        cross join last_load
        where last_load.loaded_at is null or customer_purchases.loaded_at > last_load.loaded_at
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
        cast(intervals_count as bigint) as intervals_count,
        {{ incremental_loaded_at() }} as loaded_at
    from interval_counts
)

select * from final
