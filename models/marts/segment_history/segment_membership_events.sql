with

membership_history as (

    select * from {{ ref('segment_membership_history') }}

),

entered as (

    select
        membership_history.membership_id,
        membership_history.segment_name,
        membership_history.customer_id,
        'entered' as event_type,
        membership_history.stay_number,
        membership_history.entered_at as event_at

    from membership_history

),

exited as (

    select
        membership_history.membership_id,
        membership_history.segment_name,
        membership_history.customer_id,
        'exited' as event_type,
        membership_history.stay_number,
        membership_history.exited_at as event_at

    from membership_history
    where membership_history.exited_at is not null

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
        cast(events.event_at as {{ dbt.type_timestamp() }}) as event_at

    from events

)

select * from final
