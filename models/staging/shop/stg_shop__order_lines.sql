with raw_rows as (

    select * from {{ shop_source('order_lines') }} as source_rows

),

{{ shop_classified('order_lines', 'raw_rows') }},

-- The rows without a rejection reason; order_lines_rejected holds the others.
final as (

    select {{ shop_kept_columns('order_lines') }}
    from classified
    where rejection_reason is null

)

select * from final
