{#- Clean schema names for BI users: a folder's +schema is used as-is (staging, marts,
    segments, snapshots), not prefixed with the target schema (dbt's default: main_marts). -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema | trim }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
