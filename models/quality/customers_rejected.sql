with raw_rows as (

    select * from {{ shop_source('customers') }} as source_rows

),

staged as {{ cte_not_materialized() }} (

    select * from {{ ref('stg_shop__customers') }}

),

{{ shop_rows_to_reclassify('customers') }},

{{ shop_classified('customers', 'rows_to_reclassify') }},

-- Rejected in staging (no parent to check).
final as (

    {{ shop_rejected_rows('customers') }}

)

select * from final
