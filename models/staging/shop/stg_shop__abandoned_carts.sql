with classified as (

    select * from {{ ref('base_shop__abandoned_carts_classified') }}

),

final as (

    select
        cart_id,
        customer_id,
        cart_total,
        abandoned_at,
        abandoned_date
    from classified
    where rejection_reason is null

)

select * from final
