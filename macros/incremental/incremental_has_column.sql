{#- True when `relation` (an incremental model's own table) already has `column` (case-insensitive).
    Lets a model written by an older version, before a column existed, be read without that
    column on its next incremental run (on_schema_change then adds it). Execute time only. -#}
{% macro incremental_has_column(relation, column) -%}
    {%- set names = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
    {{ return(column | lower in names) }}
{%- endmacro %}
