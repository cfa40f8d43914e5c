{%- set raw_columns = shop_raw_contract('customer_attributes')['columns'] -%}

with raw_customer_attributes as (

    select * from {{ shop_source('customer_attributes') }} as source_rows

),

parsed as (

    select
        raw_row_number,
        {%- for column in raw_columns %}
            {{ column }} as raw_{{ column }},
        {%- endfor %}
        {{ clean_text('customer_id') }} as customer_id,
        {{ clean_text('attribute') }} as attribute_name,
        {{ clean_text('value') }} as attribute_value
    from raw_customer_attributes

),

{{ shop_duplicate_flags('parsed', ['customer_id', 'attribute_name'], raw_columns) }},

classified as (

    select
        *,
        case
            when customer_id is null or attribute_name is null then 'missing_key'
            when copy_number > 1 then 'exact_duplicate'
            when key_versions > 1 then 'conflicting_duplicate_key'
        end as rejection_reason
    from with_duplicate_flags

),

final as (

    select * from classified

)

select * from final
