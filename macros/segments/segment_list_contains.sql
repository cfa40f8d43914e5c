{#- Does the list (array) expression `list_expr` hold an element equal to literal `needle`? -#}
{% macro segment_list_contains(list_expr, needle) -%}
    {{ return(adapter.dispatch('segment_list_contains')(list_expr, needle)) }}
{%- endmacro %}

{% macro default__segment_list_contains(list_expr, needle) -%}
    {{ return('array_contains(' ~ list_expr ~ ', ' ~ needle ~ ')') }}
{%- endmacro %}

{% macro duckdb__segment_list_contains(list_expr, needle) -%}
    {{ return('list_contains(' ~ list_expr ~ ', ' ~ needle ~ ')') }}
{%- endmacro %}
