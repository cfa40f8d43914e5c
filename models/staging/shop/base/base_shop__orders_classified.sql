{%- set raw_columns = shop_raw_contract('orders')['columns'] -%}

with raw_orders as (

    select * from {{ shop_source('orders') }} as source_rows

),

parsed as (

    select
        raw_row_number,
        {%- for column in raw_columns %}
            {{ column }} as raw_{{ column }},
        {%- endfor %}
        {{ clean_text('order_id') }} as order_id,
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
    from raw_orders

),

{{ shop_duplicate_flags('parsed', ['order_id'], raw_columns) }},

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

),

final as (

    select * from classified

)

select * from final
