{#- One row per export snapshot x segment x frozen member with the member's group: for a segment
    with a holdout the frozen group (treatment or control), otherwise every sent member as
    treatment (there is no control to compare with). -#}
with

snapshots as (

    select * from {{ ref('stg_exports__snapshots') }}

),

sent_members as (

    select * from {{ ref('stg_exports__snapshot_members') }}

),

holdout_members as (

    select * from {{ ref('stg_exports__snapshot_holdout_members') }}

),

with_holdout as (

    select
        holdout_members.snapshot_id,
        holdout_members.segment_name,
        holdout_members.customer_id,
        holdout_members.holdout_group
    from holdout_members
    inner join snapshots
        on
            holdout_members.snapshot_id = snapshots.snapshot_id
            and holdout_members.segment_name = snapshots.segment_name
    where snapshots.has_holdout

),

without_holdout as (

    select
        sent_members.snapshot_id,
        sent_members.segment_name,
        sent_members.customer_id,
        'treatment' as holdout_group
    from sent_members
    inner join snapshots
        on
            sent_members.snapshot_id = snapshots.snapshot_id
            and sent_members.segment_name = snapshots.segment_name
    where not snapshots.has_holdout

),

final as (

    select * from with_holdout
    union all
    select * from without_holdout

)

select * from final
