-- noqa: disable=LT02
-- (reason: jinja loops inside the select list; sqlfluff's indent rule cannot follow them)
{#- The classification of raw `table_name` rows, one macro for every table: CTEs (to be placed
    inside a WITH, after a CTE `raw_rows` of shop_source(table_name) rows, or a subset holding
    every row of each key it holds) that parse every value (shop_parsed_columns) and give each
    row its rejection_reason (null = kept; the first check of shop_rejection_reasons that
    applies, then exact_duplicate and conflicting_duplicate_key). The last CTE is `classified`:
    raw_row_number, raw_<column> (the raw text of every contract column), the key and parsed
    columns, the duplicate flags and rejection_reason. stg_shop__<table> keeps its rows with no
    reason; <table>_rejected classifies only the raw rows of the keys staging did not keep. -#}
{% macro shop_classified(table_name, raw_rows) -%}
    {%- set raw_columns = shop_raw_contract(table_name)['columns'] -%}
    {%- set rules = shop_rejection_reasons()[table_name] -%}
parsed as {{ cte_not_materialized() }} (

    select
        raw_row_number,
        {%- for column in raw_columns %}
            {{ column }} as raw_{{ column }},
        {%- endfor %}
        {%- for key, raw_column in rules['keys'].items() %}
            {{ clean_text(raw_column) }} as {{ key }},
        {%- endfor %}
        {%- for column in shop_parsed_columns(table_name) %}
            {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ raw_rows }}

),

{{ shop_duplicate_flags('parsed', rules['keys'] | list, raw_columns) }},

classified as (

    select
        *,
        case
            {%- for reason, condition in rules['checks'] %}
            when {{ condition }} then '{{ reason }}'
            {%- endfor %}
            when copy_number > 1 then 'exact_duplicate'
            when key_versions > 1 then 'conflicting_duplicate_key'
        end as rejection_reason
    from with_duplicate_flags

)
{%- endmacro %}
