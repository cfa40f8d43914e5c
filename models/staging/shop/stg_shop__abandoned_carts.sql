with classified as (

    select * from {{ ref('base_shop__abandoned_carts_classified') }}

),

final as (

    select {{ shop_kept_columns('abandoned_carts') }}
    from classified
    where rejection_reason is null

)

select * from final
