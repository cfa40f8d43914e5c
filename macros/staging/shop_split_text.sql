{#- A set-returning select-list expression: one output row per `delimiter`-separated part of the
    text (parts untrimmed; null text gives no rows). Use as the only set-returning expression of
    a select: `select id, {{ shop_split_text('tags', '|') }} as part from ...`. -#}
{% macro shop_split_text(expression, delimiter) -%}
    {{ return(adapter.dispatch('shop_split_text', 'shop_segments')(expression, delimiter)) }}
{%- endmacro %}

{% macro default__shop_split_text(expression, delimiter) -%}
    unnest(string_to_array({{ expression }}, {{ shop_sql_string(delimiter) }}))
{%- endmacro %}

{% macro spark__shop_split_text(expression, delimiter) -%}
    explode(split({{ expression }}, {{ shop_sql_string('[' ~ delimiter ~ ']') }}))
{%- endmacro %}
