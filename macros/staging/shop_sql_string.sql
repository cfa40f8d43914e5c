{#- A Python string as a safely quoted SQL string literal: O'Brien -> 'O''Brien'. -#}
{% macro shop_sql_string(value) -%}
    {{ return(adapter.dispatch('shop_sql_string', 'shop_segments')(value)) }}
{%- endmacro %}

{% macro default__shop_sql_string(value) -%}
    '{{ value | string | replace("'", "''") }}'
{%- endmacro %}

{% macro spark__shop_sql_string(value) -%}
    '{{ value | string | replace("\\", "\\\\") | replace("'", "\\'") }}'
{%- endmacro %}
