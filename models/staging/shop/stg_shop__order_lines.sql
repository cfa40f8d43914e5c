with classified as (

    select * from {{ ref('base_shop__order_lines_classified') }}

),

final as (

    select {{ shop_kept_columns('order_lines') }}
    from classified
    where rejection_reason is null

)

select * from final
