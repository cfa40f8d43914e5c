with classified as (

    select * from {{ ref('base_shop__products_classified') }}

),

final as (

    select
        sku,
        product_name,
        brand,
        category,
        tags
    from classified
    where rejection_reason is null

)

select * from final
