-- One row per entered / exited event: every stay entered, every closed stay exited.
with

membership_history as (

    select * from {{ ref('segment_membership_history') }}

),

events as (

    select
        membership_history.*,
        'entered' as event_type,
        membership_history.entered_at as event_at
    from membership_history

    union all

    select
        membership_history.*,
        'exited' as event_type,
        membership_history.exited_at as event_at
    from membership_history
    where membership_history.exited_at is not null

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
