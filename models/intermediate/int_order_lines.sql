with

order_lines as (
    select * from {{ ref('stg_shop__order_lines') }}
),

orders as (
    select * from {{ ref('int_orders_as_of') }}
),

-- Lines of the orders that exist on as_of (the inner join drops lines of later or rejected orders).
final as (
    select
        order_lines.order_line_id,
        order_lines.order_id,
        orders.customer_id,
        order_lines.sku,
        cast(order_lines.quantity as bigint) as quantity,
        cast(order_lines.unit_price as decimal(18, 2)) as unit_price,
        cast(order_lines.quantity * order_lines.unit_price as decimal(18, 2)) as line_total,
        orders.is_counted,
        orders.is_guest_checkout,
        orders.is_known_customer,
        orders.order_date
    from order_lines
    inner join orders
        on order_lines.order_id = orders.order_id
)

select * from final
