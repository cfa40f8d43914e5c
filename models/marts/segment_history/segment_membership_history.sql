{#- Incremental on DuckDB (delete+insert by segment_name, customer_id): see docs/performance.md,
    "Incremental segment history". A run recomputes every stay of the pairs whose snapshot
    versions opened or closed since the last run; the post-hook deletes pairs left with no stay
    (every version opened and closed at one as_of date). On Spark it is a table (several stays per
    pair: merge cannot replace them, see incremental_materialization). -#}
{{
    config(
        materialized=incremental_materialization(several_rows_per_key=true),
        incremental_strategy=incremental_strategy(),
        unique_key=['segment_name', 'customer_id'],
        on_schema_change='append_new_columns',
        post_hook="{{ history_delete_vanished_pairs(this, ref('segment_memberships_snapshot')) }}",
    )
}}

with

memberships_snapshot as (

    select * from {{ ref('segment_memberships_snapshot') }}

),

{% if is_incremental() %}

    loaded as (

        select * from {{ this }}

    ),

    -- Snapshot times are as_of dates and never move back (history_assert_moves_forward): every
    -- version opened or closed after the last run has a time at or after the latest time loaded.
    {# A table written before loaded_at existed: every pair is recomputed once (and gets it). #}
    watermark as (

        {% if incremental_has_column(this, 'loaded_at') -%}
            select max(coalesce(loaded.exited_at, loaded.entered_at)) as loaded_until
            from loaded
        {%- else -%}
            select cast(null as {{ dbt.type_timestamp() }}) as loaded_until
        {%- endif %}

    ),

    -- Versions opened after the watermark, or closed at or after it (a rebuild at the watermark's
    -- own as_of date can close versions at that date: exits, group changes, corrections).
    changed_versions as (

        select
            memberships_snapshot.segment_name,
            memberships_snapshot.customer_id
        from memberships_snapshot
        cross join watermark
        where
            watermark.loaded_until is null
            or memberships_snapshot.dbt_valid_from > watermark.loaded_until
            or memberships_snapshot.dbt_valid_to >= watermark.loaded_until

    ),

    -- Pairs with a version closed at or after the watermark (all in changed_versions; few).
    closed_since as (

        select distinct
            memberships_snapshot.segment_name,
            memberships_snapshot.customer_id
        from memberships_snapshot
        cross join watermark
        where memberships_snapshot.dbt_valid_to >= watermark.loaded_until

    ),

    -- A rebuild at the watermark's own as_of date can also open versions at that date. Among
    -- pairs with no version closed since: open versions from the watermark's date, and current
    -- loaded stays entered at that date. The stays are a subset of the versions (the versions the
    -- last run saw are still open and start their stay), so a segment where both counts are
    -- equal gained no member in such a rebuild; comparing counts per segment avoids joining every
    -- member on the first run after a full build (all entered at the watermark's date).
    opened_at_watermark_counts as (

        select
            memberships_snapshot.segment_name,
            count(*) as opened_count,
            0 as loaded_count
        from memberships_snapshot
        cross join watermark
        left join closed_since
            on
                memberships_snapshot.segment_name = closed_since.segment_name
                and memberships_snapshot.customer_id = closed_since.customer_id
        where
            memberships_snapshot.dbt_valid_to is null
            and memberships_snapshot.dbt_valid_from = watermark.loaded_until
            and closed_since.customer_id is null
        group by memberships_snapshot.segment_name

    ),

    loaded_at_watermark_counts as (

        select
            loaded.segment_name,
            0 as opened_count,
            count(*) as loaded_count
        from loaded
        cross join watermark
        left join closed_since
            on
                loaded.segment_name = closed_since.segment_name
                and loaded.customer_id = closed_since.customer_id
        where
            loaded.is_current
            and loaded.entered_at = watermark.loaded_until
            and closed_since.customer_id is null
        group by loaded.segment_name

    ),

    rebuilt_segments as (

        select counts.segment_name
        from (
            select * from opened_at_watermark_counts
            union all
            select * from loaded_at_watermark_counts
        ) as counts
        group by counts.segment_name
        having sum(counts.opened_count) > sum(counts.loaded_count)

    ),

    -- In those segments: open versions from the watermark's date whose pair is not current in
    -- the loaded history.
    entered_at_watermark as (

        select
            memberships_snapshot.segment_name,
            memberships_snapshot.customer_id
        from memberships_snapshot
        cross join watermark
        inner join rebuilt_segments
            on memberships_snapshot.segment_name = rebuilt_segments.segment_name
        left join loaded
            on
                memberships_snapshot.segment_name = loaded.segment_name
                and memberships_snapshot.customer_id = loaded.customer_id
                and loaded.is_current
        where
            memberships_snapshot.dbt_valid_to is null
            and memberships_snapshot.dbt_valid_from = watermark.loaded_until
            and loaded.customer_id is null

    ),

    changed_pairs as (

        select
            changed_versions.segment_name,
            changed_versions.customer_id
        from changed_versions
        union
        select
            entered_at_watermark.segment_name,
            entered_at_watermark.customer_id
        from entered_at_watermark

    ),

    -- Every version of a changed pair: its stays are renumbered from the first.
    batch as (

        select memberships_snapshot.*
        from memberships_snapshot
        inner join changed_pairs
            on
                memberships_snapshot.segment_name = changed_pairs.segment_name
                and memberships_snapshot.customer_id = changed_pairs.customer_id

    ),

{% else %}

    batch as (

        select * from memberships_snapshot

    ),

{% endif %}

-- A version with dbt_valid_to = dbt_valid_from was opened and closed at the same as_of date
-- (a same-day rebuild after a data correction): it never held at any snapshot time.
versions as (

    select
        batch.segment_name,
        batch.customer_id,
        batch.dbt_valid_from as valid_from,
        batch.dbt_valid_to as valid_to
    from batch
    where
        batch.dbt_valid_to is null
        or batch.dbt_valid_to > batch.dbt_valid_from

),

-- Pairs with a closed version (an exit, a group change) need the window functions below. Every
-- other pair has a single version, open (one open version per pair): stay 1, current.
closed_pairs as (

    select distinct
        versions.segment_name,
        versions.customer_id
    from versions
    where versions.valid_to is not null

),

single_version_stays as (

    select
        versions.segment_name,
        versions.customer_id,
        1 as stay_number,
        versions.valid_from as entered_at,
        versions.valid_to as last_valid_to,
        1 as open_versions

    from versions
    left join closed_pairs
        on
            versions.segment_name = closed_pairs.segment_name
            and versions.customer_id = closed_pairs.customer_id
    where closed_pairs.customer_id is null

),

multi_versions as (

    select versions.*
    from versions
    inner join closed_pairs
        on
            versions.segment_name = closed_pairs.segment_name
            and versions.customer_id = closed_pairs.customer_id

),

-- Back-to-back versions (e.g. a group change) are one continuous stay in the segment.
flagged as (

    select
        multi_versions.*,
        case
            when
                lag(multi_versions.valid_to) over (
                    partition by multi_versions.segment_name, multi_versions.customer_id
                    order by multi_versions.valid_from
                ) = multi_versions.valid_from
                then 0
            else 1
        end as starts_stay

    from multi_versions

),

numbered as (

    select
        flagged.*,
        sum(flagged.starts_stay) over (
            partition by flagged.segment_name, flagged.customer_id
            order by flagged.valid_from
            rows between unbounded preceding and current row
        ) as stay_number

    from flagged

),

multi_version_stays as (

    select
        numbered.segment_name,
        numbered.customer_id,
        numbered.stay_number,
        min(numbered.valid_from) as entered_at,
        max(numbered.valid_to) as last_valid_to,
        count(*) - count(numbered.valid_to) as open_versions

    from numbered
    group by
        numbered.segment_name,
        numbered.customer_id,
        numbered.stay_number

),

stays as (

    select * from single_version_stays
    union all
    select * from multi_version_stays

),

final as (

    select
        {{ dbt.hash(dbt.concat([
            "stays.segment_name", "'|'", "stays.customer_id", "'|'",
            "cast(stays.stay_number as " ~ dbt.type_string() ~ ")"
        ])) }} as membership_id,
        cast(stays.segment_name as {{ dbt.type_string() }}) as segment_name,
        cast(stays.customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(stays.stay_number as integer) as stay_number,
        stays.open_versions > 0 as is_current,
        cast(stays.entered_at as date) as entered_date,
        cast(case when stays.open_versions = 0 then stays.last_valid_to end as date) as exited_date,
        cast(stays.entered_at as {{ dbt.type_timestamp() }}) as entered_at,
        cast(
            case when stays.open_versions = 0 then stays.last_valid_to end as {{ dbt.type_timestamp() }}
        ) as exited_at,
        {{ incremental_loaded_at() }} as loaded_at

    from stays

)

select * from final
