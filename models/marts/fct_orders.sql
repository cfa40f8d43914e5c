with

orders as (
    select * from {{ ref('int_orders_enriched') }}
),

final as (
    select
        order_id,
        customer_id,
        status,
        currency,
        offer_code,
        sales_channel,
        order_total,
        discount_total,
        lines_total,
        items_count,
        lines_count,
        distinct_skus_count,
        customer_order_number,
        days_since_previous_order,
        is_counted,
        is_guest_checkout,
        is_known_customer,
        has_offer_code,
        order_date,
        ordered_at
    from orders
)

select * from final
