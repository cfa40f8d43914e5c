{{ config(materialized='table') }}

{%- set tables = shop_rejection_reasons() %}

with customers as (

    select * from {{ ref('base_shop__customers_classified') }}

),

customers_rejected as (

    select * from {{ ref('customers_rejected') }}

),

orders as (

    select * from {{ ref('base_shop__orders_classified') }}

),

orders_rejected as (

    select * from {{ ref('orders_rejected') }}

),

abandoned_carts as (

    select * from {{ ref('base_shop__abandoned_carts_classified') }}

),

abandoned_carts_rejected as (

    select * from {{ ref('abandoned_carts_rejected') }}

),

nulled_values as (
    {%- for table_name, spec in tables.items() if spec['nullable_parsed_columns'] %}
        {%- set table_order = loop.index %}
        {%- for column in spec['nullable_parsed_columns'] %}
            {{- '\n    union all' if not (loop.first and table_order == 1) }}
            select
                '{{ table_name }}' as table_name,
                '{{ column }}' as column_name,
                count(
                    case when {{ clean_text('raw_' ~ column) }} is not null and {{ column }} is null then 1 end
                ) as nulled_row_count,
                count(*) as kept_row_count
            from {{ table_name }}
            where
                rejection_reason is null
                and raw_row_number not in (
                    select {{ table_name }}_rejected.raw_row_number from {{ table_name }}_rejected
                )
        {%- endfor %}
    {%- endfor %}

),

final as (

    select
        table_name,
        column_name,
        cast(nulled_row_count as {{ dbt.type_bigint() }}) as nulled_row_count,
        cast(kept_row_count as {{ dbt.type_bigint() }}) as kept_row_count
    from nulled_values

)

select * from final
