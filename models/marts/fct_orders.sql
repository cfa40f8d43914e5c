{#- Every column of int_orders_as_of (so every staged order column) plus the line aggregates and
    the customer's order sequence. The column list and types are the contract in
    _marts__models.yml (dbt selects the columns in contract order and fails the build on a column
    the contract does not declare), so a new staged column is exposed here by declaring it there. -#}
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
        cast(coalesce(order_items.lines_total, 0) as decimal(18, 2)) as lines_total,
        cast(coalesce(order_items.items_count, 0) as bigint) as items_count,
        cast(coalesce(order_items.lines_count, 0) as bigint) as lines_count,
        cast(coalesce(order_items.distinct_skus_count, 0) as bigint) as distinct_skus_count
    from orders
    left join order_items
        on orders.order_id = order_items.order_id
),

final as (
    select
        *,
        case
            when is_counted and is_known_customer
                then cast(row_number() over customer_orders as bigint)
        end as customer_order_number,
        case
            when is_counted and is_known_customer
                then {{ metrics_days_between('lag(order_date) over customer_orders', 'order_date') }}
        end as days_since_previous_order,
        {{ run_loaded_at() }} as loaded_at
    from joined
    window customer_orders as (
        partition by customer_id, is_counted, is_known_customer
        order by order_date, ordered_at, order_id
    )
)

-- AM04: every int_orders_as_of column: the contract is the column list.
select * from final  -- noqa: AM04
