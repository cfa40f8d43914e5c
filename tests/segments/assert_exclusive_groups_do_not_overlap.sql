-- In an exclusive group (segments.yml `groups:`) a customer belongs to at most one segment.
with

memberships as (

    select * from {{ ref('segment_memberships') }}

),

final as (

    select
        group_name,
        customer_id,
        count(*) as segments_count
    from memberships
    where group_name is not null
    group by group_name, customer_id
    having count(*) > 1

)

select * from final
