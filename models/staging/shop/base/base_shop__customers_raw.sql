with source as (

    select * from {{ shop_raw_relation('customers') }} as raw_customers

),

final as (

    select * from source

)

select * from final
