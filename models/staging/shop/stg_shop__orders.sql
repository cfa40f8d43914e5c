with classified as (

    select * from {{ ref('base_shop__orders_classified') }}

),

final as (

    select {{ shop_kept_columns('orders') }}
    from classified
    where rejection_reason is null

)

select * from final
