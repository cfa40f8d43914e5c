with classified as (

    select * from {{ ref('base_shop__customers_classified') }}

),

final as (

    select {{ shop_kept_columns('customers') }}
    from classified
    where rejection_reason is null

)

select * from final
