{#- Text trimmed of surrounding whitespace; empty text becomes null. -#}
{% macro clean_text(expression) -%}
    {{ return(adapter.dispatch('clean_text', 'shop_segments')(expression)) }}
{%- endmacro %}

{% macro default__clean_text(expression) -%}
    nullif(trim({{ expression }}), '')
{%- endmacro %}

{% macro duckdb__clean_text(expression) -%}
    nullif(trim({{ expression }}, ' ' || chr(9) || chr(10) || chr(13)), '')
{%- endmacro %}
