-- customer_order_metrics and dim_customers hold exactly the staged customers, once each.
-- Returns one row per customer missing from, extra in or repeated in either mart.
with

customers as (
    select * from {{ ref('stg_shop__customers') }}
),

customer_order_metrics as (
    select * from {{ ref('customer_order_metrics') }}
),

dim_customers as (
    select * from {{ ref('dim_customers') }}
),

staged as (
    select
        customer_id,
        count(*) as staged_rows
    from customers
    group by customer_id
),

metrics as (
    select
        customer_id,
        count(*) as metrics_rows
    from customer_order_metrics
    group by customer_id
),

dimension as (
    select
        customer_id,
        count(*) as dim_rows
    from dim_customers
    group by customer_id
),

compared as (
    select
        coalesce(staged.customer_id, metrics.customer_id, dimension.customer_id) as customer_id,
        coalesce(staged.staged_rows, 0) as staged_rows,
        coalesce(metrics.metrics_rows, 0) as metrics_rows,
        coalesce(dimension.dim_rows, 0) as dim_rows
    from staged
    full outer join metrics
        on staged.customer_id = metrics.customer_id
    full outer join dimension
        on coalesce(staged.customer_id, metrics.customer_id) = dimension.customer_id
),

final as (
    select * from compared
    where
        staged_rows != 1
        or metrics_rows != 1
        or dim_rows != 1
)

select * from final
