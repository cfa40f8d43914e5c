-- segment_overlap has one row per unordered pair of defined segments, and a pair never shares
-- more customers than the smaller segment has; two segments of one exclusive group share none.
with

overlap as (

    select * from {{ ref('segment_overlap') }}

),

definitions as (

    select * from {{ ref('segment_definitions') }}

),

expected_pairs as (

    select count(*) * (count(*) - 1) / 2 as pairs_count
    from definitions

),

bad_pairs as (

    select
        overlap.segment_name_a,
        overlap.segment_name_b,
        'shares more than the smaller segment, or two members of one group overlap' as problem
    from overlap
    left join definitions as definitions_a
        on overlap.segment_name_a = definitions_a.segment_name
    left join definitions as definitions_b
        on overlap.segment_name_b = definitions_b.segment_name
    where
        overlap.shared_customers > least(overlap.customers_a, overlap.customers_b)
        or (definitions_a.group_name = definitions_b.group_name and overlap.shared_customers > 0)

),

pair_count as (

    select
        cast(null as {{ dbt.type_string() }}) as segment_name_a,
        cast(null as {{ dbt.type_string() }}) as segment_name_b,
        'pair count differs from n * (n - 1) / 2' as problem
    from expected_pairs
    where expected_pairs.pairs_count <> (select count(*) from overlap)

),

final as (

    select * from bad_pairs
    union all
    select * from pair_count

)

select * from final
