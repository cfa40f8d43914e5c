with source as (

    select * from {{ shop_raw_relation('products') }} as raw_products

),

final as (

    select * from source

)

select * from final
