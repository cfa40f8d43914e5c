-- A customer is at most once in a segment: (segment_name, customer_id) is the key of segment_memberships.
with

memberships as (

    select * from {{ ref('segment_memberships') }}

),

final as (

    select
        segment_name,
        customer_id,
        count(*) as rows_count
    from memberships
    group by segment_name, customer_id
    having count(*) > 1

)

select * from final
