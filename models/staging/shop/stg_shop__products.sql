with classified as (

    select * from {{ ref('base_shop__products_classified') }}

),

final as (

    select {{ shop_kept_columns('products') }}
    from classified
    where rejection_reason is null

)

select * from final
