{%- set raw_columns = shop_raw_contract('abandoned_carts')['columns'] -%}

with raw_abandoned_carts as (

    select * from {{ shop_source('abandoned_carts') }} as source_rows

),

parsed as (

    select
        raw_row_number,
        {%- for column in raw_columns %}
            {{ column }} as raw_{{ column }},
        {%- endfor %}
        {{ clean_text('cart_id') }} as cart_id,
        {{ clean_text('customer_id') }} as customer_id,
        {{ parse_decimal('cart_total') }} as cart_total,
        {{ parse_timestamp_utc('abandoned_at') }} as abandoned_at,
        {{ parse_local_date('abandoned_at') }} as abandoned_date
    from raw_abandoned_carts

),

{{ shop_duplicate_flags('parsed', ['cart_id'], raw_columns) }},

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

),

final as (

    select * from classified

)

select * from final
