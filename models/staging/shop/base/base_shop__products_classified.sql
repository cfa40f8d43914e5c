{%- set raw_columns = shop_raw_contract('products')['columns'] -%}

with raw_products as (

    select * from {{ shop_source('products') }} as source_rows

),

parsed as (

    select
        raw_row_number,
        {%- for column in raw_columns %}
            {{ column }} as raw_{{ column }},
        {%- endfor %}
        {{ clean_text('sku') }} as sku,
        {{ clean_text('product_name') }} as product_name,
        {{ clean_text('brand') }} as brand,
        {{ clean_text('category') }} as category,
        {{ clean_text('tags') }} as tags
    from raw_products

),

{{ shop_duplicate_flags('parsed', ['sku'], raw_columns) }},

classified as (

    select
        *,
        case
            when sku is null then 'missing_key'
            when copy_number > 1 then 'exact_duplicate'
            when key_versions > 1 then 'conflicting_duplicate_key'
        end as rejection_reason
    from with_duplicate_flags

),

final as (

    select * from classified

)

select * from final
