-- Integrity: every segment's size in segment_summary equals its rows in segment_memberships,
-- and every defined segment has exactly one summary row.
with

summary as (

    select * from {{ ref('segment_summary') }}

),

memberships as (

    select * from {{ ref('segment_memberships') }}

),

definitions as (

    select * from {{ ref('segment_definitions') }}

),

member_counts as (

    select
        segment_name,
        count(*) as customers
    from memberships
    group by segment_name

),

final as (

    select
        definitions.segment_name,
        summary.customers as summary_customers,
        coalesce(member_counts.customers, 0) as membership_customers
    from definitions
    left join summary
        on definitions.segment_name = summary.segment_name
    left join member_counts
        on definitions.segment_name = member_counts.segment_name
    where
        summary.segment_name is null
        or summary.customers <> coalesce(member_counts.customers, 0)

)

select * from final
