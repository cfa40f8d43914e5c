{#- Placed between `as` and the body of a CTE that is read more than once but is cheaper to
    compute again than to keep: `parsed as {{ cte_not_materialized() }} (...)`. DuckDB
    materializes such a CTE (buffers every row, spilling to temp_directory beyond memory_limit);
    on the 25M raw order lines that buffer, not the parsing, was half of staging's time. Not for
    raw_rows: its raw_row_number may be row_number() over () (CSV files, unit-test fixtures),
    which must be computed once per query. Dispatched: `not materialized` on DuckDB, nothing
    elsewhere (Spark inlines every CTE). -#}
{% macro cte_not_materialized() -%}
    {{ return(adapter.dispatch('cte_not_materialized', 'shop_segments')()) }}
{%- endmacro %}

{% macro default__cte_not_materialized() -%}
{%- endmacro %}

{% macro duckdb__cte_not_materialized() -%}
    not materialized
{%- endmacro %}
