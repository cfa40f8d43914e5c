with source as (

    select * from {{ shop_raw_relation('abandoned_carts') }} as raw_abandoned_carts

),

final as (

    select * from source

)

select * from final
