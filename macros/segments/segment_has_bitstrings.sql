{#- Whether the engine has bitstring aggregates (DuckDB: bitstring_agg, bit_count). segment_overlap
    then counts shared customers with one AND per segment pair instead of a self-join whose cost is
    the sum over customers of (segments per customer)^2. -#}
{% macro segment_has_bitstrings() -%}
    {{ return(adapter.dispatch('segment_has_bitstrings')()) }}
{%- endmacro %}

{% macro default__segment_has_bitstrings() -%}
    {{ return(false) }}
{%- endmacro %}

{% macro duckdb__segment_has_bitstrings() -%}
    {{ return(true) }}
{%- endmacro %}
