with classified as (

    select * from {{ ref('base_shop__customers_classified') }}

),

-- Rejected in staging (no parent to check).
final as (

    {{ shop_rejected_rows('customers') }}

)

select * from final
