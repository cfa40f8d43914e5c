with source as (

    select * from {{ shop_raw_relation('orders') }} as raw_orders

),

final as (

    select * from source

)

select * from final
