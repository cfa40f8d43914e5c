{#- A text of at most 15 hexadecimal digits as a bigint (engines spell it differently). -#}
{% macro segment_hex_to_bigint(hex_expr) -%}
    {{ return(adapter.dispatch('segment_hex_to_bigint')(hex_expr)) }}
{%- endmacro %}

{% macro default__segment_hex_to_bigint(hex_expr) -%}
    cast(conv({{ hex_expr }}, 16, 10) as bigint)
{%- endmacro %}

{% macro duckdb__segment_hex_to_bigint(hex_expr) -%}
    cast('0x' || {{ hex_expr }} as bigint)
{%- endmacro %}
