-- noqa: disable=LT02
-- (reason: jinja loops inside the select list; sqlfluff's indent rule cannot follow them)
{#- The classification of raw `customer_attributes` rows, written once: CTEs (to be placed inside a WITH,
    after a CTE `raw_rows` of shop_source('customer_attributes') rows, or a subset holding every row of each
    key it holds) that parse every value and give each row its rejection_reason (null = kept;
    the first that applies, in the order of shop_rejection_reasons). The last CTE is
    `classified`: raw_row_number, raw_<column> (the raw text of every contract column), the
    parsed columns, the duplicate flags and rejection_reason. stg_shop__customer_attributes keeps its rows
    with no reason; customer_attributes_rejected classifies only the raw rows of the keys staging did not keep. -#}
{% macro shop_classified_customer_attributes(raw_rows) -%}
    {%- set raw_columns = shop_raw_contract('customer_attributes')['columns'] -%}
    {%- set keys = shop_rejection_reasons()['customer_attributes']['keys'] -%}
parsed as (

    select
        raw_row_number,
        {%- for column in raw_columns %}
            {{ column }} as raw_{{ column }},
        {%- endfor %}
        {%- for key, raw_column in keys.items() %}
            {{ clean_text(raw_column) }} as {{ key }},
        {%- endfor %}
        {{ clean_text('value') }} as attribute_value
    from {{ raw_rows }}

),

{{ shop_duplicate_flags('parsed', keys | list, raw_columns) }},

classified as (

    select
        *,
        case
            when customer_id is null or attribute_name is null then 'missing_key'
            when copy_number > 1 then 'exact_duplicate'
            when key_versions > 1 then 'conflicting_duplicate_key'
        end as rejection_reason
    from with_duplicate_flags

)
{%- endmacro %}
