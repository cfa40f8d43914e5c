{#- Pairwise overlap. The cost is the sum over customers of (segments per customer)^2, so the
    self-join runs on small integer segment numbers (numbered by name: a < b by number is a < b
    by name) and names are joined back at the end. -#}
with

definitions as (

    select * from {{ ref('segment_definitions') }}

),

memberships as (

    select * from {{ ref('segment_memberships') }}

),

segment_numbers as (

    select
        segment_name,
        row_number() over (order by segment_name) as segment_number
    from definitions

),

numbered_memberships as (

    select
        memberships.customer_id,
        segment_numbers.segment_number
    from memberships
    inner join segment_numbers
        on memberships.segment_name = segment_numbers.segment_name

),

segment_sizes as (

    select
        segment_number,
        count(*) as customers
    from numbered_memberships
    group by segment_number

),

shared as (

    select
        memberships_a.segment_number as segment_number_a,
        memberships_b.segment_number as segment_number_b,
        count(*) as shared_customers
    from numbered_memberships as memberships_a
    inner join numbered_memberships as memberships_b
        on
            memberships_a.customer_id = memberships_b.customer_id
            and memberships_a.segment_number < memberships_b.segment_number
    group by memberships_a.segment_number, memberships_b.segment_number

),

pairs as (

    select
        numbers_a.segment_name as segment_name_a,
        numbers_a.segment_number as segment_number_a,
        numbers_b.segment_name as segment_name_b,
        numbers_b.segment_number as segment_number_b
    from segment_numbers as numbers_a
    inner join segment_numbers as numbers_b
        on numbers_a.segment_number < numbers_b.segment_number

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
            pairs.segment_number_a = shared.segment_number_a
            and pairs.segment_number_b = shared.segment_number_b
    left join segment_sizes as sizes_a
        on pairs.segment_number_a = sizes_a.segment_number
    left join segment_sizes as sizes_b
        on pairs.segment_number_b = sizes_b.segment_number

)

select * from final
