{#- The time a snapshot records for this build: the project's as_of date (midnight) as a timestamp.
    Snapshots use it for dbt_valid_from / dbt_valid_to via snapshot_get_time (see
    snapshot_get_time.sql), so history is dated by the as_of date a build evaluated, not by the
    wall clock of the machine that ran it. -#}
{% macro history_snapshot_time() -%}
    {{ return(adapter.dispatch('history_snapshot_time', 'shop_segments')()) }}
{%- endmacro %}

{% macro default__history_snapshot_time() -%}
    cast({{ as_of_date() }} as {{ dbt.type_timestamp() }})
{%- endmacro %}
