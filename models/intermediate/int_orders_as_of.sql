with

-- Every staged order column but raw_row_number (staging's link to the raw row and the rejects).
orders as (
    select {{ shop_star_except(['raw_row_number']) }} from {{ ref('stg_shop__orders') }}
),

customers as (
    select * from {{ ref('stg_shop__customers') }}
),

-- The one place the point-in-time rule is applied to orders: later orders do not exist for
-- anything downstream.
orders_as_of as (
    select * from orders
    where order_date <= {{ as_of_date() }}
),

final as (
    select
        orders_as_of.*,
        {{ metrics_is_counted_order('orders_as_of.status') }} as is_counted,
        customers.customer_id is not null as is_known_customer,
        orders_as_of.offer_code is not null as has_offer_code
    from orders_as_of
    left join customers
        on orders_as_of.customer_id = customers.customer_id
    -- The referential check: an order of a customer not in stg_shop__customers is dropped here
    -- and counted as unknown_customer in orders_rejected.
    where
        orders_as_of.is_guest_checkout
        or customers.customer_id is not null
)

-- AM04: every stg_shop__orders column is passed on.
select * from final  -- noqa: AM04
