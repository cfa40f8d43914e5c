{%- set raw_columns = shop_raw_contract()['orders']['columns'] -%}

with classified as (

    select * from {{ ref('base_shop__orders_classified') }}

),

customers as (

    select * from {{ ref('stg_shop__customers') }}

),

-- Rejected in staging (classified.rejection_reason), or kept there but of a customer that is not
-- a staged customer (the referential check; int_orders_as_of drops the same orders).
final as (

    select
        {%- for column in raw_columns %}
            classified.raw_{{ column }} as {{ column }},
        {%- endfor %}
        classified.raw_row_number,
        coalesce(classified.rejection_reason, 'unknown_customer') as rejection_reason
    from classified
    left join customers
        on classified.customer_id = customers.customer_id
    where
        classified.rejection_reason is not null
        or (not classified.is_guest_checkout and customers.customer_id is null)

)

select * from final
