with classified as (

    select * from {{ ref('base_shop__order_lines_classified') }}

),

orders_rejected as (

    select * from {{ ref('orders_rejected') }}

),

orders as (

    select * from {{ ref('stg_shop__orders') }}

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
            and {{ clean_text('orders_rejected.order_id') }} = orders.order_id
    )

),

-- Rejected in staging, or kept there but of an order that is not a known order (the
-- referential check; int_order_lines drops the same lines).
final as (

    {{ shop_rejected_rows('order_lines', parent='known_orders', key='order_id', orphan_reason='unknown_order') }}

)

select * from final
