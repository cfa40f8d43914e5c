with

definitions as (

    select * from {{ ref('segment_definitions') }}

),

memberships as (

    select * from {{ ref('segment_memberships') }}

),

segment_sizes as (

    select
        segment_name,
        count(*) as customers
    from memberships
    group by segment_name

),

shared as (

    select
        memberships_a.segment_name as segment_name_a,
        memberships_b.segment_name as segment_name_b,
        count(*) as shared_customers
    from memberships as memberships_a
    inner join memberships as memberships_b
        on
            memberships_a.customer_id = memberships_b.customer_id
            and memberships_a.segment_name < memberships_b.segment_name
    group by memberships_a.segment_name, memberships_b.segment_name

),

pairs as (

    select
        definitions_a.segment_name as segment_name_a,
        definitions_b.segment_name as segment_name_b
    from definitions as definitions_a
    inner join definitions as definitions_b
        on definitions_a.segment_name < definitions_b.segment_name

),

final as (

    select
        pairs.segment_name_a,
        pairs.segment_name_b,
        cast(coalesce(sizes_a.customers, 0) as bigint) as customers_a,
        cast(coalesce(sizes_b.customers, 0) as bigint) as customers_b,
        cast(coalesce(shared.shared_customers, 0) as bigint) as shared_customers,
        cast(coalesce(shared.shared_customers, 0) * 1.0 / nullif(sizes_a.customers, 0) as double) as share_of_a,
        cast(coalesce(shared.shared_customers, 0) * 1.0 / nullif(sizes_b.customers, 0) as double) as share_of_b
    from pairs
    left join shared
        on
            pairs.segment_name_a = shared.segment_name_a
            and pairs.segment_name_b = shared.segment_name_b
    left join segment_sizes as sizes_a
        on pairs.segment_name_a = sizes_a.segment_name
    left join segment_sizes as sizes_b
        on pairs.segment_name_b = sizes_b.segment_name

)

select * from final
