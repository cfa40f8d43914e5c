-- noqa: disable=LT02
-- (reason: jinja loops inside the select lists; sqlfluff's indent rule cannot follow them)
{#- CTEs (inside a WITH, after the CTEs `raw_rows`: shop_source(table_name) rows, and `staged`:
    stg_shop__<table_name>) that pick the raw rows a <table>_rejected model classifies again
    instead of every raw row: the rows staging did not keep (an anti-join on raw_row_number),
    every staged row that shares a key with one of them, and the staged rows of CTE `orphans`
    (raw_row_number of the rows a referential check rejects; none when not given). The
    duplicate flags of shop_duplicate_flags depend only on the rows of the same key (and rows
    without a key are all unstaged), so these rows get exactly the reasons staging gave them.
    The last CTE is `rows_to_reclassify`: the raw_rows columns of those rows. -#}
{% macro shop_rows_to_reclassify(table_name, orphans=none) -%}
    {%- set keys = shop_rejection_reasons()[table_name]['keys'] -%}
unstaged_rows as (

    select
        raw_rows.raw_row_number,
        {%- for key, raw_column in keys.items() %}
        {{ clean_text('raw_rows.' ~ raw_column) }} as {{ key }}{{ ',' if not loop.last }}
        {%- endfor %}
    from raw_rows
    where not exists (
        select 1
        from staged
        where staged.raw_row_number = raw_rows.raw_row_number
    )

),

unstaged_keys as (

    select distinct
        {%- for key in keys %}
        {{ key }}{{ ',' if not loop.last }}
        {%- endfor %}
    from unstaged_rows
    where {% for key in keys %}{{ key }} is not null{{ ' and ' if not loop.last }}{% endfor %}

),

row_numbers_to_reclassify as (

    select unstaged_rows.raw_row_number from unstaged_rows
    union
    select staged.raw_row_number
    from staged
    inner join unstaged_keys
        on {% for key in keys %}{{ ' and ' if not loop.first }}staged.{{ key }} = unstaged_keys.{{ key }}{% endfor %}
    {%- if orphans %}
    union
    select {{ orphans }}.raw_row_number from {{ orphans }}
    {%- endif %}

),

rows_to_reclassify as (

    select raw_rows.*
    from raw_rows
    inner join row_numbers_to_reclassify
        on raw_rows.raw_row_number = row_numbers_to_reclassify.raw_row_number

)
{%- endmacro %}
