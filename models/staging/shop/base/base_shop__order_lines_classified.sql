{#- Incremental (delete+insert on raw_row_number where the engine can replace rows in place):
    a run re-classifies only the raw rows that may have changed class - new or edited rows, every
    row of their keys, rows without a key, and lines whose order appeared in or left stg_shop__orders
    (macros/staging/shop_incremental_raw_batch.sql, found by a stored row hash); the post-hook
    deletes rows whose raw row vanished. --full-refresh gives the same table (tests/pytest/test_incremental.py). -#}
{{
    config(
        materialized=incremental_materialization(),
        incremental_strategy=incremental_strategy(),
        unique_key='raw_row_number',
        on_schema_change='append_new_columns',
        post_hook="{{ incremental_delete_beyond_row_count(this, ref('base_shop__order_lines_raw')) }}",
    )
}}

{%- set raw_columns = shop_raw_contract()['order_lines']['columns'] -%}

with raw_order_lines as (

    select * from {{ ref('base_shop__order_lines_raw') }}

),

orders as (

    select * from {{ ref('stg_shop__orders') }}

),

{% if is_incremental() %}

    {{ shop_incremental_raw_batch(
        'raw_order_lines',
        raw_columns,
        'order_line_id',
        'orders',
        'order_id',
        'order_id',
        'has_known_order'
    ) }},

{% else %}

    raw_batch as (

        select * from raw_order_lines

    ),

{% endif %}

parsed as (

    select
        raw_row_number,
        {%- for column in raw_columns %}
            {{ column }} as raw_{{ column }},
        {%- endfor %}
        {{ shop_row_hash(raw_columns) }} as raw_row_hash,
        {{ clean_text('order_line_id') }} as order_line_id,
        {{ clean_text('order_id') }} as order_id,
        {{ clean_text('sku') }} as sku,
        {{ parse_integer('quantity') }} as quantity,
        {{ parse_decimal('unit_price') }} as unit_price
    from raw_batch

),

{{ shop_duplicate_flags('parsed', ['order_line_id'], raw_columns) }},

with_order as (

    select
        with_duplicate_flags.*,
        orders.order_id is not null as has_known_order
    from with_duplicate_flags
    left join orders
        on with_duplicate_flags.order_id = orders.order_id

),

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
            when not has_known_order then 'unknown_order'
        end as rejection_reason
    from with_order

),

final as (

    select * from classified

)

select * from final
