{#- A set-returning select-list expression: one output row per part of the text split at the
    delimiter (a SQL string literal of one character, e.g. "'|'"); parts untrimmed; null text gives
    no rows. Use as the only set-returning expression of a select:
    `select id, {{ shop_split_text('tags', "'|'") }} as part from ...`. -#}
{% macro shop_split_text(expression, delimiter_literal) -%}
    {{ return(adapter.dispatch('shop_split_text', 'shop_segments')(expression, delimiter_literal)) }}
{%- endmacro %}

{% macro default__shop_split_text(expression, delimiter_literal) -%}
    unnest(string_to_array({{ expression }}, {{ delimiter_literal }}))
{%- endmacro %}

{% macro spark__shop_split_text(expression, delimiter_literal) -%}
    explode(split({{ expression }}, concat('[', {{ delimiter_literal }}, ']')))
{%- endmacro %}
