with

order_lines as (
    select * from {{ ref('int_order_lines_enriched') }}
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
        quantity,
        unit_price,
        line_total,
        is_counted,
        is_guest_checkout,
        is_known_customer,
        is_known_product,
        order_date
    from order_lines
)

select * from final
