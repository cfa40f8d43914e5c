{#- The group of every frozen member of a segment with a holdout
    (exports.export_snapshot_holdout_members); empty before any such export. -#}
with

holdout_members as (

    {{ exports_source('export_snapshot_holdout_members', [
        ['snapshot_id', dbt.type_string()],
        ['segment_name', dbt.type_string()],
        ['customer_id', dbt.type_string()],
        ['holdout_group', dbt.type_string()],
    ]) }}

),

final as (

    select
        snapshot_id,
        segment_name,
        customer_id,
        holdout_group
    from holdout_members

)

select * from final
