{%- set tables = shop_rejection_reasons() %}

with customers as (

    select * from {{ ref('stg_shop__customers') }}

),

raw_customers as (

    select * from {{ shop_source('customers') }} as source_rows

),

customers_rejected as (

    select * from {{ ref('customers_rejected') }}

),

orders as (

    select * from {{ ref('stg_shop__orders') }}

),

raw_orders as (

    select * from {{ shop_source('orders') }} as source_rows

),

orders_rejected as (

    select * from {{ ref('orders_rejected') }}

),

abandoned_carts as (

    select * from {{ ref('stg_shop__abandoned_carts') }}

),

raw_abandoned_carts as (

    select * from {{ shop_source('abandoned_carts') }} as source_rows

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
                    case
                        when
                            {{ clean_text('raw_' ~ table_name ~ '.' ~ column) }} is not null
                            and {{ table_name }}.{{ column }} is null
                            then 1
                    end
                ) as nulled_row_count,
                count(*) as kept_row_count
            from {{ table_name }}
            inner join raw_{{ table_name }}
                on {{ table_name }}.raw_row_number = raw_{{ table_name }}.raw_row_number
            where not exists (
                select 1
                from {{ table_name }}_rejected
                where {{ table_name }}_rejected.raw_row_number = {{ table_name }}.raw_row_number
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
