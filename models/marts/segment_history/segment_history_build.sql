-- One row: the as_of date this build evaluates. Snapshotted by segment_history_builds_snapshot,
-- which keeps one version per as_of date ever built, i.e. every snapshot date.
with

final as (

    select
        cast('segment_history' as {{ dbt.type_string() }}) as build_key,
        {{ as_of_date() }} as as_of_date

)

select * from final
