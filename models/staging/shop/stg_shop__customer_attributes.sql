with raw_rows as (

    select * from {{ shop_source('customer_attributes') }} as source_rows

),

{{ shop_classified('customer_attributes', 'raw_rows') }},

-- The rows without a rejection reason; customer_attributes_rejected holds the others.
final as (

    select {{ shop_kept_columns('customer_attributes') }}
    from classified
    where rejection_reason is null

)

select * from final
