with classified as (

    select * from {{ ref('base_shop__orders_classified') }}

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
        is_guest_checkout,
        ordered_at,
        order_date
    from classified
    where rejection_reason is null

)

select * from final
