-- noqa: disable=LT02
-- (reason: jinja loops inside the select list; sqlfluff's indent rule cannot follow them)
{#- The classification of raw `abandoned_carts` rows, written once: CTEs (to be placed inside a WITH,
    after a CTE `raw_rows` of shop_source('abandoned_carts') rows, or a subset holding every row of each
    key it holds) that parse every value and give each row its rejection_reason (null = kept;
    the first that applies, in the order of shop_rejection_reasons). The last CTE is
    `classified`: raw_row_number, raw_<column> (the raw text of every contract column), the
    parsed columns, the duplicate flags and rejection_reason. stg_shop__abandoned_carts keeps its rows
    with no reason; abandoned_carts_rejected classifies only the raw rows of the keys staging did not keep. -#}
{% macro shop_classified_abandoned_carts(raw_rows) -%}
    {%- set raw_columns = shop_raw_contract('abandoned_carts')['columns'] -%}
    {%- set keys = shop_rejection_reasons()['abandoned_carts']['keys'] -%}
parsed as (

    select
        raw_row_number,
        {%- for column in raw_columns %}
            {{ column }} as raw_{{ column }},
        {%- endfor %}
        {%- for key, raw_column in keys.items() %}
            {{ clean_text(raw_column) }} as {{ key }},
        {%- endfor %}
        {{ clean_text('customer_id') }} as customer_id,
        {{ parse_decimal('cart_total') }} as cart_total,
        {{ parse_timestamp_utc('abandoned_at') }} as abandoned_at,
        {{ parse_local_date('abandoned_at') }} as abandoned_date
    from {{ raw_rows }}

),

{{ shop_duplicate_flags('parsed', keys | list, raw_columns) }},

classified as (

    select
        *,
        case
            when cart_id is null or customer_id is null then 'missing_key'
            when abandoned_at is null then 'invalid_abandoned_at'
            when copy_number > 1 then 'exact_duplicate'
            when key_versions > 1 then 'conflicting_duplicate_key'
        end as rejection_reason
    from with_duplicate_flags

)
{%- endmacro %}
