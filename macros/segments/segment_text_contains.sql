{#- Case-insensitive substring test: does text `expr` contain the text literal `needle`? -#}
{% macro segment_text_contains(expr, needle) -%}
    {{ return(adapter.dispatch('segment_text_contains')(expr, needle)) }}
{%- endmacro %}

{% macro default__segment_text_contains(expr, needle) -%}
    {{ return('position(lower(' ~ needle ~ ') in lower(' ~ expr ~ ')) > 0') }}
{%- endmacro %}

{% macro duckdb__segment_text_contains(expr, needle) -%}
    {{ return('contains(lower(' ~ expr ~ '), lower(' ~ needle ~ '))') }}
{%- endmacro %}
