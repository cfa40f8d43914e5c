{#- One row per member of a segment with a holdout (segments.yml `holdout: {share, salt}`): the
    member's holdout number and group. The group depends only on segment name, salt and
    customer id (macro segment_holdout_unit), so it is the same in every build and export. -#}
with

definitions as (

    select * from {{ ref('segment_definitions') }}

),

memberships as (

    select * from {{ ref('segment_memberships') }}

),

holdout_segments as (

    select
        segment_name,
        holdout_salt,
        holdout_share
    from definitions
    where holdout_share is not null

),

units as (

    select
        memberships.segment_name,
        memberships.customer_id,
        holdout_segments.holdout_share,
        {{ segment_holdout_unit(
            'memberships.segment_name', 'holdout_segments.holdout_salt', 'memberships.customer_id'
        ) }} as holdout_unit,
        memberships.as_of_date
    from memberships
    inner join holdout_segments
        on memberships.segment_name = holdout_segments.segment_name

),

final as (

    select
        cast(segment_name as {{ dbt.type_string() }}) as segment_name,
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(
            case when holdout_unit < holdout_share then 'control' else 'treatment' end
            as {{ dbt.type_string() }}
        ) as holdout_group,
        cast(holdout_share as double) as holdout_share,
        cast(holdout_unit as double) as holdout_unit,
        cast(as_of_date as date) as as_of_date
    from units

)

select * from final
