with classified as (

    select * from {{ ref('base_shop__order_lines_classified') }}

),

final as (

    select
        order_line_id,
        order_id,
        sku,
        quantity,
        unit_price
    from classified
    where rejection_reason is null

)

select * from final
