with classified as (

    select * from {{ ref('base_shop__customer_attributes_classified') }}

),

final as (

    select
        customer_id,
        attribute_name,
        attribute_value
    from classified
    where rejection_reason is null

)

select * from final
