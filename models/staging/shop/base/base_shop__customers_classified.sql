{%- set raw_columns = shop_raw_contract('customers')['columns'] -%}

with raw_customers as (

    select * from {{ shop_source('customers') }} as source_rows

),

parsed as (

    select
        raw_row_number,
        {%- for column in raw_columns %}
            {{ column }} as raw_{{ column }},
        {%- endfor %}
        {{ clean_text('customer_id') }} as customer_id,
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
    from raw_customers

),

{{ shop_duplicate_flags('parsed', ['customer_id'], raw_columns) }},

classified as (

    select
        *,
        case
            when customer_id is null then 'missing_key'
            when copy_number > 1 then 'exact_duplicate'
            when key_versions > 1 then 'conflicting_duplicate_key'
        end as rejection_reason
    from with_duplicate_flags

),

final as (

    select * from classified

)

select * from final
