with raw_rows as (

    select * from {{ shop_source('products') }} as source_rows

),

staged as {{ cte_not_materialized() }} (

    select * from {{ ref('stg_shop__products') }}

),

{{ shop_rows_to_reclassify('products') }},

{{ shop_classified('products', 'rows_to_reclassify') }},

-- Rejected in staging (no parent to check).
final as (

    {{ shop_rejected_rows('products') }}

)

select * from final
