-- noqa: disable=LT02
-- (reason: jinja loops inside the select list; sqlfluff's indent rule cannot follow them)
{#- The classification of raw `customers` rows, written once: CTEs (to be placed inside a WITH,
    after a CTE `raw_rows` of shop_source('customers') rows, or a subset holding every row of each
    key it holds) that parse every value and give each row its rejection_reason (null = kept;
    the first that applies, in the order of shop_rejection_reasons). The last CTE is
    `classified`: raw_row_number, raw_<column> (the raw text of every contract column), the
    parsed columns, the duplicate flags and rejection_reason. stg_shop__customers keeps its rows
    with no reason; customers_rejected classifies only the raw rows of the keys staging did not keep. -#}
{% macro shop_classified_customers(raw_rows) -%}
    {%- set raw_columns = shop_raw_contract('customers')['columns'] -%}
    {%- set keys = shop_rejection_reasons()['customers']['keys'] -%}
parsed as (

    select
        raw_row_number,
        {%- for column in raw_columns %}
            {{ column }} as raw_{{ column }},
        {%- endfor %}
        {%- for key, raw_column in keys.items() %}
            {{ clean_text(raw_column) }} as {{ key }},
        {%- endfor %}
        lower({{ clean_text('email') }}) as email,
        {{ clean_text('first_name') }} as first_name,
        {{ clean_text('last_name') }} as last_name,
        {{ clean_text('phone') }} as phone,
        {{ clean_text('customer_type') }} as customer_type,
        {{ clean_text('customer_group') }} as customer_group,
        upper({{ clean_text('country_code') }}) as country_code,
        {{ clean_text('region') }} as region,
        {{ clean_text('city') }} as city,
        {{ clean_text('postal_code') }} as postal_code,
        {{ parse_boolean('accepts_marketing') }} as accepts_marketing,
        lower({{ clean_text('marketing_channel') }}) as marketing_channel,
        {{ clean_text('tags') }} as tags,
        {{ parse_timestamp_utc('registered_at') }} as registered_at,
        {{ parse_local_date('registered_at') }} as registered_date
    from {{ raw_rows }}

),

{{ shop_duplicate_flags('parsed', keys | list, raw_columns) }},

classified as (

    select
        *,
        case
            when customer_id is null then 'missing_key'
            when copy_number > 1 then 'exact_duplicate'
            when key_versions > 1 then 'conflicting_duplicate_key'
        end as rejection_reason
    from with_duplicate_flags

)
{%- endmacro %}
