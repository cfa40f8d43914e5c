-- noqa: disable=LT02
-- (reason: jinja loops inside the select lists; sqlfluff's indent rule cannot follow them)
{#- CTEs (to be placed inside a WITH) that flag duplicates in the CTE `relation`, which holds the
    raw text columns as raw_<column>, raw_row_number and the typed key columns `keys`:
      - key_rows: how many rows share this row's key (0 when a key column is null);
      - copy_number: 1 for the first row (lowest raw_row_number) of every group of rows whose raw
        values are equal after trimming (empty = null), 2, 3, ... for the other copies;
      - key_versions: how many different raw contents share this row's key (0 when a key column
        is null). A key with key_versions > 1 is a conflicting duplicate key.
    The keys are parsed from the raw values, so rows with equal contents share their key: a row
    alone on its key (almost every row) is its own first copy and its key's only version. The
    repeated keys are found by a group by (a small result joined back: half the time of a
    count() window, which DuckDB runs as a group by joined back on every key); only the rows of
    repeated or missing keys go through the window over all raw columns, and their flags are
    joined back by raw_row_number (on 25M order lines the flags took about a third of the time
    of two windows over every row). The last CTE is `with_duplicate_flags`: every column of
    `relation` plus the three flags. -#}
{% macro shop_duplicate_flags(relation, keys, raw_columns) -%}
    {%- set contents = [] -%}
    {%- for column in raw_columns -%}
        {%- do contents.append(clean_text('raw_' ~ column)) -%}
    {%- endfor -%}
    {%- set key_is_null -%}
        {% for key in keys %}{{ key }} is null{{ ' or ' if not loop.last }}{% endfor %}
    {%- endset -%}
repeated_keys as (

    select
        {%- for key in keys %}
        {{ key }},
        {%- endfor %}
        count(*) as key_rows
    from {{ relation }}
    where {% for key in keys %}{{ key }} is not null{{ ' and ' if not loop.last }}{% endfor %}
    group by {% for key in keys %}{{ key }}{{ ', ' if not loop.last }}{% endfor %}
    having count(*) > 1

),

key_counts as {{ cte_not_materialized() }} (

    select
        {{ relation }}.*,
        case
            when {% for key in keys %}{{ relation }}.{{ key }} is null{{ ' or ' if not loop.last }}{% endfor %} then 0
            else coalesce(repeated_keys.key_rows, 1)
        end as key_rows
    from {{ relation }}
    left join repeated_keys
        on {% for key in keys %}{{ relation }}.{{ key }} = repeated_keys.{{ key }}{{ ' and ' if not loop.last }}{% endfor %}

),

shared_key_copies as (

    select
        raw_row_number,
        {%- for key in keys %}
        {{ key }},
        {%- endfor %}
        row_number() over (
            partition by {{ contents | join(', ') }}
            order by raw_row_number
        ) as copy_number
    from key_counts
    where key_rows <> 1

),

shared_key_flags as (

    select
        raw_row_number,
        copy_number,
        case
            when {{ key_is_null }} then 0
            else count(case when copy_number = 1 then 1 end) over (
                partition by {% for key in keys %}{{ key }}{{ ', ' if not loop.last }}{% endfor %}
            )
        end as key_versions
    from shared_key_copies

),

with_duplicate_flags as (

    select
        key_counts.*,
        coalesce(shared_key_flags.copy_number, 1) as copy_number,
        coalesce(shared_key_flags.key_versions, 1) as key_versions
    from key_counts
    left join shared_key_flags
        on key_counts.raw_row_number = shared_key_flags.raw_row_number

)
{%- endmacro %}
