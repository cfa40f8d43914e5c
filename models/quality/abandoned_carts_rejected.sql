with classified as (

    select * from {{ ref('base_shop__abandoned_carts_classified') }}

),

customers as (

    select * from {{ ref('stg_shop__customers') }}

),

-- Rejected in staging, or kept there but of a customer that is not a staged customer (the
-- referential check; the customer-level models read only staged customers).
final as (

    {{ shop_rejected_rows('abandoned_carts', parent='customers', key='customer_id', orphan_reason='unknown_customer') }}

)

select * from final
