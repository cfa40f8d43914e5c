with classified as (

    select * from {{ ref('base_shop__products_classified') }}

),

-- Rejected in staging (no parent to check).
final as (

    {{ shop_rejected_rows('products') }}

)

select * from final
