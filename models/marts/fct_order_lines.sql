{#- Incremental on DuckDB (delete+insert by order_id): every line of the orders fct_orders
    (re)loaded after this table's last load, plus the orders holding a sku whose product
    attributes changed; the post-hook deletes lines of orders no longer in fct_orders. See
    docs/performance.md, "Incremental facts". -#}
{{
    config(
        materialized=incremental_materialization(),
        incremental_strategy=incremental_strategy(),
        unique_key='order_id',
        on_schema_change='append_new_columns',
        post_hook="{{ incremental_delete_missing(this, ref('fct_orders'), 'order_id') }}",
    )
}}

with

order_lines as (
    select * from {{ ref('stg_shop__order_lines') }}
),

orders as (
    select * from {{ ref('fct_orders') }}
),

products as (
    select * from {{ ref('stg_shop__products') }}
),

product_tags as (
    select * from {{ ref('int_product_tags_aggregated') }}
),

product_attributes as (
    select
        products.sku,
        products.product_name,
        products.brand,
        products.category,
        {{ metrics_coalesce_text_list('product_tags.product_tags') }} as product_tags
    from products
    left join product_tags
        on products.sku = product_tags.sku
),

{% if is_incremental() %}

    loaded as (
        select * from {{ this }}
    ),

    last_load as (
        select max(loaded_at) as loaded_at
        from loaded
    ),

    -- Skus whose stored attributes differ from the current product list.
    loaded_skus as (
        select distinct
            sku,
            product_name,
            brand,
            category,
            product_tags,
            is_known_product
        from loaded
    ),

    changed_skus as (
        select loaded_skus.sku
        from loaded_skus
        left join product_attributes
            on loaded_skus.sku = product_attributes.sku
        where
            loaded_skus.is_known_product is distinct from (product_attributes.sku is not null)
            or loaded_skus.product_name is distinct from product_attributes.product_name
            or loaded_skus.brand is distinct from product_attributes.brand
            or loaded_skus.category is distinct from product_attributes.category
            or loaded_skus.product_tags
            is distinct from {{ metrics_coalesce_text_list('product_attributes.product_tags') }}
    ),

    batch_orders as (
        select orders.order_id
        from orders
        cross join last_load
        where last_load.loaded_at is null or orders.loaded_at > last_load.loaded_at
        union
        select loaded.order_id
        from loaded
        where loaded.sku in (select changed_skus.sku from changed_skus)
    ),

    batch_lines as (
        select order_lines.*
        from order_lines
        where order_lines.order_id in (select batch_orders.order_id from batch_orders)
    ),

{% else %}

    batch_lines as (
        select * from order_lines
    ),

{% endif %}

joined as (
    select
        batch_lines.order_line_id,
        batch_lines.order_id,
        orders.customer_id,
        batch_lines.sku,
        product_attributes.product_name,
        product_attributes.brand,
        product_attributes.category,
        {{ metrics_coalesce_text_list('product_attributes.product_tags') }} as product_tags,
        batch_lines.quantity,
        batch_lines.unit_price,
        batch_lines.quantity * batch_lines.unit_price as line_total,
        orders.is_counted,
        orders.is_guest_checkout,
        orders.is_known_customer,
        product_attributes.sku is not null as is_known_product,
        orders.order_date
    from batch_lines
    inner join orders
        on batch_lines.order_id = orders.order_id
    left join product_attributes
        on batch_lines.sku = product_attributes.sku
),

final as (
    select
        order_line_id,
        order_id,
        customer_id,
        sku,
        product_name,
        brand,
        category,
        product_tags,
        cast(quantity as bigint) as quantity,
        cast(unit_price as decimal(18, 2)) as unit_price,
        cast(line_total as decimal(18, 2)) as line_total,
        is_counted,
        is_guest_checkout,
        is_known_customer,
        is_known_product,
        order_date,
        {{ incremental_loaded_at() }} as loaded_at
    from joined
)

select * from final
