with source as (

    select * from {{ shop_raw_relation('order_lines') }} as raw_order_lines

),

final as (

    select * from source

)

select * from final
