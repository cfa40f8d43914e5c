with raw_rows as (

    select * from {{ shop_source('orders') }} as source_rows

),

staged as {{ cte_not_materialized() }} (

    select * from {{ ref('stg_shop__orders') }}

),

customers as (

    select * from {{ ref('stg_shop__customers') }}

),

-- The referential check: staged orders of a customer that is not a staged customer
-- (int_orders_as_of drops the same orders; guest checkouts need none).
unknown_customer_rows as (

    select staged.raw_row_number
    from staged
    left join customers
        on staged.customer_id = customers.customer_id
    where
        not staged.is_guest_checkout
        and customers.customer_id is null

),

{{ shop_rows_to_reclassify('orders', orphans='unknown_customer_rows') }},

{{ shop_classified('orders', 'rows_to_reclassify') }},

-- Rejected in staging, or kept there but of an unknown customer.
final as (

    {{ shop_rejected_rows('orders', orphans='unknown_customer_rows') }}

)

select * from final
