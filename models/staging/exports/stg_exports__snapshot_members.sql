{#- The ids of the members each export snapshot sent (exports.export_snapshot_members, whose
    personal fields are left out here); empty before any export. -#}
with

members as (

    {{ exports_source('export_snapshot_members', [
        ['snapshot_id', dbt.type_string()],
        ['segment_name', dbt.type_string()],
        ['customer_id', dbt.type_string()],
    ]) }}

),

final as (

    select
        snapshot_id,
        segment_name,
        customer_id
    from members

)

select * from final
