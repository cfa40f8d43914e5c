-- The example exclusive groups mean what the columns mean: segment rfm_<g> holds exactly the
-- customers whose rfm_group is <g>, and stage_<s> exactly those whose lifecycle_stage is <s>
-- (segments/segments.yml). Rows returned are customers on one side only.

with memberships as (
    select * from {{ ref('segment_memberships') }}
),

customers as (
    select * from {{ ref('dim_customers') }}
),

grouped_members as (
    select
        segment_name,
        customer_id
    from memberships
    where group_name in ('rfm', 'lifecycle')
),

column_values as (
    select
        'rfm_' || rfm_group as segment_name,
        customer_id
    from customers
    where rfm_group is not null
    union all
    select
        'stage_' || lifecycle_stage as segment_name,
        customer_id
    from customers
    where lifecycle_stage is not null
),

final as (
    select
        coalesce(grouped_members.segment_name, column_values.segment_name) as segment_name,
        coalesce(grouped_members.customer_id, column_values.customer_id) as customer_id,
        grouped_members.customer_id is not null as in_segment,
        column_values.customer_id is not null as has_column_value
    from grouped_members
    full outer join column_values
        on
            grouped_members.segment_name = column_values.segment_name
            and grouped_members.customer_id = column_values.customer_id
    where grouped_members.customer_id is null or column_values.customer_id is null
)

select * from final
