with classified as (

    select * from {{ ref('base_shop__orders_classified') }}

),

customers as (

    select * from {{ ref('stg_shop__customers') }}

),

-- Rejected in staging, or kept there but of a customer that is not a staged customer (the
-- referential check; int_orders_as_of drops the same orders; guest checkouts need none).
final as (

    {{ shop_rejected_rows(
        'orders', parent='customers', key='customer_id', orphan_reason='unknown_customer',
        exempt='classified.is_guest_checkout'
    ) }}

)

select * from final
