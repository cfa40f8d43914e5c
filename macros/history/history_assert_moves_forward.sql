{#- Snapshot pre-hook: history only moves forward. Raises a compile error when the snapshot
    table already holds a version stamped after this build's snapshot time (a build at an
    earlier as_of_date would close and open versions in the past). Renders no SQL. -#}
{% macro history_assert_moves_forward(relation) -%}
    {%- if execute -%}
        {%- set existing = adapter.get_relation(
            database=relation.database, schema=relation.schema, identifier=relation.identifier
        ) -%}
        {%- if existing is not none -%}
            {%- set query -%}
                select
                    cast(max(snapshot_times.stamped_at) as {{ dbt.type_string() }}) as latest_at,
                    max(case when snapshot_times.stamped_at > {{ history_snapshot_time() }} then 1 else 0 end)
                        as is_ahead,
                    cast({{ history_snapshot_time() }} as {{ dbt.type_string() }}) as build_at
                from (
                    select dbt_valid_from as stamped_at from {{ existing }}
                    union all
                    select dbt_valid_to as stamped_at from {{ existing }} where dbt_valid_to is not null
                ) as snapshot_times
            {%- endset -%}
            {%- set result = run_query(query) -%}
            {%- if result.columns[1].values()[0] == 1 -%}
                {{ exceptions.raise_compiler_error(
                    "snapshot " ~ existing ~ " already holds history up to "
                    ~ result.columns[0].values()[0] ~ "; a build at as_of_date "
                    ~ result.columns[2].values()[0] ~ " would move it backwards. Build with a later as_of_date, "
                    ~ "exclude snapshots (--exclude resource_type:snapshot), or use another warehouse file."
                ) }}
            {%- endif -%}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
