{#- Incremental (delete+insert on raw_row_number where the engine can replace rows in place):
    a run re-classifies only the raw rows that may have changed class - new or edited rows, every
    row of their keys and rows without a key (macros/staging/shop_incremental_raw_batch.sql, found
    by a stored row hash); the post-hook deletes rows whose raw row vanished. --full-refresh gives
    the same table (tests/pytest/test_incremental.py). -#}
{{
    config(
        materialized=incremental_materialization(),
        incremental_strategy=incremental_strategy(),
        unique_key='raw_row_number',
        on_schema_change='append_new_columns',
        post_hook="{{ incremental_delete_beyond_row_count(this, ref('base_shop__customers_raw')) }}",
    )
}}

{%- set raw_columns = shop_raw_contract()['customers']['columns'] -%}

with raw_customers as (

    select * from {{ ref('base_shop__customers_raw') }}

),

{% if is_incremental() %}

    {{ shop_incremental_raw_batch('raw_customers', raw_columns, 'customer_id') }},

{% else %}

    raw_batch as (

        select * from raw_customers

    ),

{% endif %}

parsed as (

    select
        raw_row_number,
        {%- for column in raw_columns %}
            {{ column }} as raw_{{ column }},
        {%- endfor %}
        {{ shop_row_hash(raw_columns) }} as raw_row_hash,
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
    from raw_batch

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
