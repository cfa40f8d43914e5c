with

order_lines as (
    select * from {{ ref('stg_shop__order_lines') }}
),

orders as (
    select * from {{ ref('int_orders_as_of') }}
),

products as (
    select * from {{ ref('stg_shop__products') }}
),

product_tags as (
    select * from {{ ref('int_product_tags_aggregated') }}
),

joined as (
    select
        order_lines.order_line_id,
        order_lines.order_id,
        orders.customer_id,
        order_lines.sku,
        products.product_name,
        products.brand,
        products.category,
        {{ metrics_coalesce_text_list('product_tags.product_tags') }} as product_tags,
        order_lines.quantity,
        order_lines.unit_price,
        order_lines.quantity * order_lines.unit_price as line_total,
        orders.is_counted,
        orders.is_guest_checkout,
        orders.is_known_customer,
        products.sku is not null as is_known_product,
        orders.order_date
    from order_lines
    inner join orders
        on order_lines.order_id = orders.order_id
    left join products
        on order_lines.sku = products.sku
    left join product_tags
        on order_lines.sku = product_tags.sku
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
        order_date
    from joined
)

select * from final
