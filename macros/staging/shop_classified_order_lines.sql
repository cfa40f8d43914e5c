-- noqa: disable=LT02
-- (reason: jinja loops inside the select list; sqlfluff's indent rule cannot follow them)
{#- The classification of raw `order_lines` rows, written once: CTEs (to be placed inside a WITH,
    after a CTE `raw_rows` of shop_source('order_lines') rows, or a subset holding every row of each
    key it holds) that parse every value and give each row its rejection_reason (null = kept;
    the first that applies, in the order of shop_rejection_reasons). The last CTE is
    `classified`: raw_row_number, raw_<column> (the raw text of every contract column), the
    parsed columns, the duplicate flags and rejection_reason. stg_shop__order_lines keeps its rows
    with no reason; order_lines_rejected classifies only the raw rows of the keys staging did not keep. -#}
{% macro shop_classified_order_lines(raw_rows) -%}
    {%- set raw_columns = shop_raw_contract('order_lines')['columns'] -%}
    {%- set keys = shop_rejection_reasons()['order_lines']['keys'] -%}
parsed as (

    select
        raw_row_number,
        {%- for column in raw_columns %}
            {{ column }} as raw_{{ column }},
        {%- endfor %}
        {%- for key, raw_column in keys.items() %}
            {{ clean_text(raw_column) }} as {{ key }},
        {%- endfor %}
        {{ clean_text('order_id') }} as order_id,
        {{ clean_text('sku') }} as sku,
        {{ parse_integer('quantity') }} as quantity,
        {{ parse_decimal('unit_price') }} as unit_price
    from {{ raw_rows }}

),

{{ shop_duplicate_flags('parsed', keys | list, raw_columns) }},

classified as (

    select
        *,
        case
            when order_line_id is null or order_id is null then 'missing_key'
            when quantity is null then 'invalid_quantity'
            when unit_price is null and {{ clean_text('raw_unit_price') }} is not null then 'invalid_unit_price'
            when quantity <= 0 then 'non_positive_quantity'
            when unit_price < 0 then 'negative_unit_price'
            when copy_number > 1 then 'exact_duplicate'
            when key_versions > 1 then 'conflicting_duplicate_key'
        end as rejection_reason
    from with_duplicate_flags

)
{%- endmacro %}
