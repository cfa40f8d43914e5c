with

orders as (
    select * from {{ ref('int_orders_as_of') }}
),

order_lines as (
    select * from {{ ref('stg_shop__order_lines') }}
),

order_items as (
    select
        order_id,
        count(*) as lines_count,
        count(distinct sku) as distinct_skus_count,
        sum(quantity) as items_count,
        sum(quantity * unit_price) as lines_total
    from order_lines
    group by order_id
),

joined as (
    select
        orders.*,
        coalesce(order_items.items_count, 0) as items_count,
        coalesce(order_items.lines_count, 0) as lines_count,
        coalesce(order_items.distinct_skus_count, 0) as distinct_skus_count,
        coalesce(order_items.lines_total, 0) as lines_total
    from orders
    left join order_items
        on orders.order_id = order_items.order_id
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
        ordered_at,
        {{ run_loaded_at() }} as loaded_at
    from sequenced
)

select * from final
