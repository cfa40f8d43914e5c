{#- Overrides dbt's snapshot clock (dispatched from the `dbt` namespace; the root project's
    implementations win over dbt's and the adapter's). Every snapshot in this project therefore
    stamps dbt_valid_from / dbt_valid_to / dbt_updated_at with history_snapshot_time(): the
    as_of date of the build. Both prefixes are overridden because dbt-duckdb ships its own
    duckdb__snapshot_get_time. -#}
{% macro default__snapshot_get_time() -%}
    {{ history_snapshot_time() }}
{%- endmacro %}

{% macro duckdb__snapshot_get_time() -%}
    {{ history_snapshot_time() }}
{%- endmacro %}
