-- Windows are nested: 1m within 3m within ... within 36m within lifetime, and this_year within
-- 12m (1 January of as_of's year is always after as_of minus 12 months). Returns violating rows.
with

customer_order_metrics as (
    select * from {{ ref('customer_order_metrics') }}
),

final as (
    select
        customer_id,
        orders_count,
        orders_1m,
        orders_3m,
        orders_6m,
        orders_12m,
        orders_24m,
        orders_36m,
        orders_this_year
    from customer_order_metrics
    where
        not (
            orders_1m <= orders_3m
            and orders_3m <= orders_6m
            and orders_6m <= orders_12m
            and orders_12m <= orders_24m
            and orders_24m <= orders_36m
            and orders_36m <= orders_count
            and orders_this_year <= orders_12m
            and spend_1m <= spend_3m
            and spend_3m <= spend_6m
            and spend_6m <= spend_12m
            and spend_12m <= spend_24m
            and spend_24m <= spend_36m
            and spend_36m <= lifetime_revenue
            and spend_this_year <= spend_12m
            and orders_count <= all_orders_count
        )
        or (orders_count > 0 and last_order_date > {{ as_of_date() }})
)

select * from final
