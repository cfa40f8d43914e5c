with raw_rows as (

    select * from {{ shop_source('orders') }} as source_rows

),

{{ shop_classified('orders', 'raw_rows') }},

-- The rows without a rejection reason; orders_rejected holds the others.
final as (

    select {{ shop_kept_columns('orders') }}
    from classified
    where rejection_reason is null

)

select * from final
