-- noqa: disable=LT02
-- (reason: jinja loops inside the select list; sqlfluff's indent rule cannot follow them)
{#- The classification of raw `orders` rows, written once: CTEs (to be placed inside a WITH,
    after a CTE `raw_rows` of shop_source('orders') rows, or a subset holding every row of each
    key it holds) that parse every value and give each row its rejection_reason (null = kept;
    the first that applies, in the order of shop_rejection_reasons). The last CTE is
    `classified`: raw_row_number, raw_<column> (the raw text of every contract column), the
    parsed columns, the duplicate flags and rejection_reason. stg_shop__orders keeps its rows
    with no reason; orders_rejected classifies only the raw rows of the keys staging did not keep. -#}
{% macro shop_classified_orders(raw_rows) -%}
    {%- set raw_columns = shop_raw_contract('orders')['columns'] -%}
    {%- set keys = shop_rejection_reasons()['orders']['keys'] -%}
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
        lower({{ clean_text('status') }}) as status,
        upper({{ clean_text('currency') }}) as currency,
        {{ clean_text('offer_code') }} as offer_code,
        lower({{ clean_text('sales_channel') }}) as sales_channel,
        {{ parse_decimal('order_total') }} as order_total,
        {{ parse_decimal('discount_total') }} as discount_total,
        {{ parse_decimal('shipping_total') }} as shipping_total,
        {{ clean_text('customer_id') }} is null as is_guest_checkout,
        {{ parse_timestamp_utc('ordered_at') }} as ordered_at,
        {{ parse_local_date('ordered_at') }} as order_date
    from {{ raw_rows }}

),

{{ shop_duplicate_flags('parsed', keys | list, raw_columns) }},

classified as (

    select
        *,
        case
            when order_id is null then 'missing_key'
            when ordered_at is null then 'invalid_ordered_at'
            when order_total is null then 'invalid_order_total'
            when order_total < 0 then 'negative_order_total'
            when copy_number > 1 then 'exact_duplicate'
            when key_versions > 1 then 'conflicting_duplicate_key'
        end as rejection_reason
    from with_duplicate_flags

)
{%- endmacro %}
