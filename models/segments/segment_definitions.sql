{#- One row per segment definition (from the generated models' config.meta). -#}
with

definitions as (
    {{ segment_definition_rows(segment_list()) }}

),

final as (

    select
        cast(segment_name as {{ dbt.type_string() }}) as segment_name,
        cast(description as {{ dbt.type_string() }}) as description,
        -- owner is a keyword in some dialects; it is the contract's column name
        cast(owner as {{ dbt.type_string() }}) as owner,  -- noqa: RF04
        cast(group_name as {{ dbt.type_string() }}) as group_name,
        cast(group_priority as integer) as group_priority,
        cast(definition_json as {{ dbt.type_string() }}) as definition_json,
        cast(definition_hash as {{ dbt.type_string() }}) as definition_hash,
        cast(requires_consent as boolean) as requires_consent,
        cast(holdout_share as double) as holdout_share,
        cast(holdout_salt as {{ dbt.type_string() }}) as holdout_salt
    from definitions

)

select * from final
