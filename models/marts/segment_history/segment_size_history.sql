with

membership_events as (

    select * from {{ ref('segment_membership_events') }}

),

builds_snapshot as (

    select * from {{ ref('segment_history_builds_snapshot') }}

),

-- Every snapshot time: the as_of date of every build (a build that changed nothing included),
-- plus every event time (in case the builds snapshot was not run with the others).
snapshot_times as (

    select builds_snapshot.dbt_valid_from as snapshot_at
    from builds_snapshot
    union
    select membership_events.event_at as snapshot_at
    from membership_events

),

segment_starts as (

    select
        membership_events.segment_name,
        min(membership_events.event_at) as first_snapshot_at

    from membership_events
    group by membership_events.segment_name

),

-- One row per segment per snapshot time from the segment's first member on (zeros included).
segment_times as (

    select
        segment_starts.segment_name,
        snapshot_times.snapshot_at

    from segment_starts
    inner join snapshot_times
        on segment_starts.first_snapshot_at <= snapshot_times.snapshot_at

),

changes as (

    select
        membership_events.segment_name,
        membership_events.event_at as snapshot_at,
        sum(case when membership_events.event_type = 'entered' then 1 else 0 end) as entered_count,
        sum(case when membership_events.event_type = 'exited' then 1 else 0 end) as exited_count

    from membership_events
    group by
        membership_events.segment_name,
        membership_events.event_at

),

counted as (

    select
        segment_times.segment_name,
        segment_times.snapshot_at,
        coalesce(changes.entered_count, 0) as entered_count,
        coalesce(changes.exited_count, 0) as exited_count

    from segment_times
    left join changes
        on
            segment_times.segment_name = changes.segment_name
            and segment_times.snapshot_at = changes.snapshot_at

),

final as (

    select
        {{ dbt.hash(dbt.concat([
            "counted.segment_name", "'|'", "cast(counted.snapshot_at as " ~ dbt.type_string() ~ ")"
        ])) }} as segment_size_id,
        counted.segment_name,
        cast(sum(counted.entered_count - counted.exited_count) over (
            partition by counted.segment_name
            order by counted.snapshot_at
            rows between unbounded preceding and current row
        ) as bigint) as members_count,
        cast(counted.entered_count as bigint) as entered_count,
        cast(counted.exited_count as bigint) as exited_count,
        cast(counted.snapshot_at as date) as snapshot_date,
        cast(counted.snapshot_at as {{ dbt.type_timestamp() }}) as snapshot_at

    from counted

)

select * from final
