with

order_lines as (
    select * from {{ ref('int_order_lines') }}
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

joined as (
    select
        order_lines.order_line_id,
        order_lines.order_id,
        order_lines.customer_id,
        order_lines.sku,
        product_attributes.product_name,
        product_attributes.brand,
        product_attributes.category,
        {{ metrics_coalesce_text_list('product_attributes.product_tags') }} as product_tags,
        order_lines.quantity,
        order_lines.unit_price,
        order_lines.line_total,
        order_lines.is_counted,
        order_lines.is_guest_checkout,
        order_lines.is_known_customer,
        product_attributes.sku is not null as is_known_product,
        order_lines.order_date
    from order_lines
    left join product_attributes
        on order_lines.sku = product_attributes.sku
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
        {{ run_loaded_at() }} as loaded_at
    from joined
)

select * from final
