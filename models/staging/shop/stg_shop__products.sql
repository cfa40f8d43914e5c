with raw_rows as (

    select * from {{ shop_source('products') }} as source_rows

),

{{ shop_classified('products', 'raw_rows') }},

-- The rows without a rejection reason; products_rejected holds the others.
final as (

    select {{ shop_kept_columns('products') }}
    from classified
    where rejection_reason is null

)

select * from final
