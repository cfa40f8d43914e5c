{%- set raw_columns = shop_raw_contract()['order_lines']['columns'] -%}

with classified as (

    select * from {{ ref('base_shop__order_lines_classified') }}

),

orders_rejected as (

    select * from {{ ref('orders_rejected') }}

),

orders as (

    select * from {{ ref('stg_shop__orders') }}

),

-- The orders a line may belong to: staged and not rejected by the referential check.
known_orders as (

    select orders.order_id
    from orders
    where not exists (
        select 1
        from orders_rejected
        where
            orders_rejected.rejection_reason = 'unknown_customer'
            and {{ clean_text('orders_rejected.order_id') }} = orders.order_id
    )

),

-- Rejected in staging, or kept there but of an order that is not a known order (the
-- referential check; int_order_lines drops the same lines).
final as (

    select
        {%- for column in raw_columns %}
            classified.raw_{{ column }} as {{ column }},
        {%- endfor %}
        classified.raw_row_number,
        coalesce(classified.rejection_reason, 'unknown_order') as rejection_reason
    from classified
    left join known_orders
        on classified.order_id = known_orders.order_id
    where
        classified.rejection_reason is not null
        or known_orders.order_id is null

)

select * from final
