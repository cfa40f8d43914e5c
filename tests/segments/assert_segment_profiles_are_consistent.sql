-- Integrity of segment_profiles, one failing row per problem (column `problem` says which):
-- per segment x dimension the members add up to the segment's size (= segment_summary) and the
-- shares of the segment and of all customers each sum to 1; per row the index is
-- share_of_segment / share_of_all x 100 and members never exceed customers_with_value; the
-- baseline has index 100 and every defined segment has rows for every dimension.
with

profiles as (

    select * from {{ ref('segment_profiles') }}

),

summary as (

    select * from {{ ref('segment_summary') }}

),

per_dimension as (

    select
        segment_name,
        dimension,
        max(segment_customers) as segment_customers,
        sum(members) as members,
        sum(share_of_segment) as share_of_segment,
        sum(share_of_all) as share_of_all
    from profiles
    group by segment_name, dimension

),

dimension_count as (

    select count(distinct dimension) as dimensions
    from profiles

),

sum_problems as (

    select
        per_dimension.segment_name,
        per_dimension.dimension,
        'members do not add up to the segment size' as problem
    from per_dimension
    where per_dimension.members <> per_dimension.segment_customers

    union all

    select
        per_dimension.segment_name,
        per_dimension.dimension,
        'shares of the segment do not sum to 1' as problem
    from per_dimension
    where per_dimension.segment_customers > 0 and abs(per_dimension.share_of_segment - 1) > 0.000001

    union all

    select
        per_dimension.segment_name,
        per_dimension.dimension,
        'shares of all customers do not sum to 1' as problem
    from per_dimension
    where abs(per_dimension.share_of_all - 1) > 0.000001

),

row_problems as (

    select
        profiles.segment_name,
        profiles.dimension,
        'index is not share_of_segment / share_of_all x 100' as problem
    from profiles
    where
        (profiles.profile_index is null) <> (profiles.share_of_segment is null)
        or abs(profiles.profile_index - profiles.share_of_segment / profiles.share_of_all * 100) > 0.000001

    union all

    select
        profiles.segment_name,
        profiles.dimension,
        'more members than customers with the value' as problem
    from profiles
    where profiles.members > profiles.customers_with_value

    union all

    select
        profiles.segment_name,
        profiles.dimension,
        'baseline row is not the whole value count with index 100' as problem
    from profiles
    where
        profiles.is_baseline
        and (profiles.members <> profiles.customers_with_value or abs(profiles.profile_index - 100) > 0.000001)

),

coverage_problems as (

    select
        summary.segment_name,
        cast(null as {{ dbt.type_string() }}) as dimension,
        'segment size or dimensions differ from segment_summary' as problem
    from summary
    cross join dimension_count
    left join per_dimension
        on summary.segment_name = per_dimension.segment_name
    group by summary.segment_name, summary.customers, dimension_count.dimensions
    having
        count(per_dimension.dimension) <> max(dimension_count.dimensions)
        or min(per_dimension.segment_customers) <> summary.customers
        or max(per_dimension.segment_customers) <> summary.customers

),

final as (

    select * from sum_problems
    union all
    select * from row_problems
    union all
    select * from coverage_problems

)

select * from final
