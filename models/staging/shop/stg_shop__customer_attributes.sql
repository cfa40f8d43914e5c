with classified as (

    select * from {{ ref('base_shop__customer_attributes_classified') }}

),

final as (

    select {{ shop_kept_columns('customer_attributes') }}
    from classified
    where rejection_reason is null

)

select * from final
