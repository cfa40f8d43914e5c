with raw_rows as (

    select * from {{ shop_source('abandoned_carts') }} as source_rows

),

{{ shop_classified('abandoned_carts', 'raw_rows') }},

-- The rows without a rejection reason; abandoned_carts_rejected holds the others.
final as (

    select {{ shop_kept_columns('abandoned_carts') }}
    from classified
    where rejection_reason is null

)

select * from final
