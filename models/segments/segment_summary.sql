with

definitions as (

    select * from {{ ref('segment_definitions') }}

),

memberships as (

    select * from {{ ref('segment_memberships') }}

),

customers as (

    select * from {{ ref('dim_customers') }}

),

all_customers as (

    select count(*) as customers_total
    from customers

),

member_metrics as (

    select
        memberships.segment_name,
        count(*) as customers,
        sum(customers.lifetime_revenue) as revenue,
        sum(customers.orders_count) as orders_count,
        sum(customers.items_count) as items_count,
        sum(case when customers.accepts_marketing then 1 else 0 end) as consent_customers
    from memberships
    inner join customers
        on memberships.customer_id = customers.customer_id
    group by memberships.segment_name

),

final as (

    select
        definitions.segment_name,
        definitions.group_name,
        cast(coalesce(member_metrics.customers, 0) as bigint) as customers,
        cast(
            coalesce(member_metrics.customers, 0) * 1.0 / nullif(all_customers.customers_total, 0) as double
        ) as share_of_customers,
        cast(coalesce(member_metrics.revenue, 0) as decimal(18, 2)) as revenue,
        cast(member_metrics.revenue / nullif(member_metrics.orders_count, 0) as decimal(18, 2)) as avg_order_value,
        cast(
            member_metrics.items_count * 1.0 / nullif(member_metrics.orders_count, 0) as double
        ) as avg_items_per_order,
        cast(coalesce(member_metrics.consent_customers, 0) as bigint) as consent_customers,
        {{ as_of_date() }} as as_of_date
    from definitions
    cross join all_customers
    left join member_metrics
        on definitions.segment_name = member_metrics.segment_name

)

select * from final
