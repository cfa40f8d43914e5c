with raw_rows as (

    select * from {{ shop_source('order_lines') }} as source_rows

),

staged as {{ cte_not_materialized() }} (

    select * from {{ ref('stg_shop__order_lines') }}

),

orders as (

    select * from {{ ref('stg_shop__orders') }}

),

orders_rejected as (

    select * from {{ ref('orders_rejected') }}

),

-- The orders a line may belong to: staged and not rejected by the referential check.
known_orders as (

    select orders.order_id
    from orders
    where not exists (
        select 1
        from orders_rejected
        where
            orders_rejected.rejection_reason = 'unknown_customer'
            and orders_rejected.raw_row_number = orders.raw_row_number
    )

),

-- The referential check: staged lines of an order that is not a known order (int_order_lines
-- drops the same lines).
unknown_order_rows as (

    select staged.raw_row_number
    from staged
    left join known_orders
        on staged.order_id = known_orders.order_id
    where known_orders.order_id is null

),

{{ shop_rows_to_reclassify('order_lines', orphans='unknown_order_rows') }},

{{ shop_classified('order_lines', 'rows_to_reclassify') }},

-- Rejected in staging, or kept there but of an unknown order.
final as (

    {{ shop_rejected_rows('order_lines', orphans='unknown_order_rows') }}

)

select * from final
