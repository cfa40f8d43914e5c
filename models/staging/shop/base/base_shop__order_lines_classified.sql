{%- set raw_columns = shop_raw_contract('order_lines')['columns'] -%}

with raw_order_lines as (

    select * from {{ shop_source('order_lines') }} as source_rows

),

parsed as (

    select
        raw_row_number,
        {%- for column in raw_columns %}
            {{ column }} as raw_{{ column }},
        {%- endfor %}
        {{ clean_text('order_line_id') }} as order_line_id,
        {{ clean_text('order_id') }} as order_id,
        {{ clean_text('sku') }} as sku,
        {{ parse_integer('quantity') }} as quantity,
        {{ parse_decimal('unit_price') }} as unit_price
    from raw_order_lines

),

{{ shop_duplicate_flags('parsed', ['order_line_id'], raw_columns) }},

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

),

final as (

    select * from classified

)

select * from final
