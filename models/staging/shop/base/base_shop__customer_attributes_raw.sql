with source as (

    select * from {{ shop_raw_relation('customer_attributes') }} as raw_customer_attributes

),

final as (

    select * from source

)

select * from final
