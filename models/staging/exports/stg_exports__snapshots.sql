{#- One row per export snapshot x segment (exports.export_snapshots); empty before any export. -#}
with

snapshots as (

    {{ exports_source('export_snapshots', [
        ['snapshot_id', dbt.type_string()],
        ['segment_name', dbt.type_string()],
        ['as_of_date', 'date'],
        ['created_at', 'timestamp'],
        ['requires_consent', 'boolean'],
        ['member_count', 'bigint'],
        ['row_count', 'bigint'],
        ['holdout_share', 'double'],
        ['treatment_count', 'bigint'],
        ['control_count', 'bigint'],
        ['campaign_cost', 'decimal(18, 2)'],
    ]) }}

),

final as (

    select
        snapshot_id,
        segment_name,
        member_count,
        row_count,
        treatment_count,
        control_count,
        holdout_share,
        campaign_cost,
        requires_consent,
        holdout_share is not null as has_holdout,
        as_of_date,
        created_at
    from snapshots

)

select * from final
