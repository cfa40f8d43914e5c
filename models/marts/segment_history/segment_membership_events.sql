{#- Incremental on DuckDB (delete+insert by segment_name, customer_id): see docs/performance.md,
    "Incremental segment history". A run rewrites the events of the pairs whose stays
    segment_membership_history (re)wrote since this model's last load (history loaded_at > the
    latest loaded_at here); the post-hook deletes pairs left with no stay. On Spark a table. -#}
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

membership_history as (

    select * from {{ ref('segment_membership_history') }}

),

{% if is_incremental() %}

    loaded as (

        select * from {{ this }}

    ),

    {# A table written before loaded_at existed: every pair is rewritten once (and gets it). #}
    last_load as (

        {% if incremental_has_column(this, 'loaded_at') -%}
            select max(loaded.loaded_at) as loaded_at
            from loaded
        {%- else -%}
            select max(cast(null as {{ dbt.type_timestamp() }})) as loaded_at
            from loaded
        {%- endif %}

    ),

    -- Every stay of a pair is rewritten together, so the batch holds all stays of its pairs.
    batch as (

        select membership_history.*
        from membership_history
        cross join last_load
        where
            last_load.loaded_at is null
            or membership_history.loaded_at > last_load.loaded_at

    ),

{% else %}

    batch as (

        select * from membership_history

    ),

{% endif %}

entered as (

    select
        batch.membership_id,
        batch.segment_name,
        batch.customer_id,
        'entered' as event_type,
        batch.stay_number,
        batch.entered_at as event_at,
        batch.loaded_at

    from batch

),

exited as (

    select
        batch.membership_id,
        batch.segment_name,
        batch.customer_id,
        'exited' as event_type,
        batch.stay_number,
        batch.exited_at as event_at,
        batch.loaded_at

    from batch
    where batch.exited_at is not null

),

events as (

    select * from entered
    union all
    select * from exited

),

final as (

    select
        {{ dbt.hash(dbt.concat(["events.membership_id", "'|'", "events.event_type"])) }} as event_id,
        events.membership_id,
        events.segment_name,
        events.customer_id,
        cast(events.event_type as {{ dbt.type_string() }}) as event_type,
        cast(events.stay_number as integer) as stay_number,
        (events.event_type = 'entered' and events.stay_number = 1) as is_first_entry,
        cast(events.event_at as date) as event_date,
        cast(events.event_at as {{ dbt.type_timestamp() }}) as event_at,
        events.loaded_at

    from events

)

select * from final
