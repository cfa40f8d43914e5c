with raw_rows as (

    select * from {{ shop_source('customers') }} as source_rows

),

{{ shop_classified('customers', 'raw_rows') }},

-- The rows without a rejection reason; customers_rejected holds the others.
final as (

    select {{ shop_kept_columns('customers') }}
    from classified
    where rejection_reason is null

)

select * from final
