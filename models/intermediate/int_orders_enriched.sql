with

orders as (
    select * from {{ ref('stg_shop__orders') }}
),

order_items as (
    select * from {{ ref('int_order_items_aggregated') }}
),

customers as (
    select * from {{ ref('stg_shop__customers') }}
),

orders_as_of as (
    select * from orders
    where order_date <= {{ as_of_date() }}
),

joined as (
    select
        orders_as_of.order_id,
        orders_as_of.customer_id,
        orders_as_of.status,
        orders_as_of.currency,
        orders_as_of.offer_code,
        orders_as_of.sales_channel,
        orders_as_of.order_total,
        orders_as_of.discount_total,
        coalesce(order_items.items_count, 0) as items_count,
        coalesce(order_items.lines_count, 0) as lines_count,
        coalesce(order_items.distinct_skus_count, 0) as distinct_skus_count,
        coalesce(order_items.lines_total, 0) as lines_total,
        {{ metrics_is_counted_order('orders_as_of.status') }} as is_counted,
        coalesce(orders_as_of.is_guest_checkout, orders_as_of.customer_id is null) as is_guest_checkout,
        customers.customer_id is not null as is_known_customer,
        orders_as_of.offer_code is not null as has_offer_code,
        orders_as_of.order_date,
        orders_as_of.ordered_at
    from orders_as_of
    left join order_items
        on orders_as_of.order_id = order_items.order_id
    left join customers
        on orders_as_of.customer_id = customers.customer_id
),

sequenced as (
    select
        *,
        case
            when is_counted and is_known_customer
                then row_number() over (
                    partition by customer_id, is_counted, is_known_customer
                    order by order_date, ordered_at, order_id
                )
        end as customer_order_number,
        case
            when is_counted and is_known_customer
                then lag(order_date) over (
                    partition by customer_id, is_counted, is_known_customer
                    order by order_date, ordered_at, order_id
                )
        end as previous_order_date
    from joined
),

final as (
    select
        order_id,
        customer_id,
        status,
        currency,
        offer_code,
        sales_channel,
        cast(order_total as decimal(18, 2)) as order_total,
        cast(discount_total as decimal(18, 2)) as discount_total,
        cast(lines_total as decimal(18, 2)) as lines_total,
        cast(items_count as bigint) as items_count,
        cast(lines_count as bigint) as lines_count,
        cast(distinct_skus_count as bigint) as distinct_skus_count,
        cast(customer_order_number as bigint) as customer_order_number,
        {{ metrics_days_between('previous_order_date', 'order_date') }} as days_since_previous_order,
        is_counted,
        is_guest_checkout,
        is_known_customer,
        has_offer_code,
        order_date,
        previous_order_date,
        ordered_at
    from sequenced
)

select * from final
