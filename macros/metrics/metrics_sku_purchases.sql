{#- The select that turns order lines into purchases: one row per counted order of a known
    customer and sku (customer_id, sku, order_id, order_date, quantity, spend; lines of the same
    sku in one order summed). The one definition of "a purchase" that the product intermediates
    int_customer_product_purchases and int_customer_product_repurchase_intervals share. -#}
{% macro metrics_sku_purchases(order_lines) -%}
    select
        customer_id,
        sku,
        order_id,
        order_date,
        sum(quantity) as quantity,
        sum(line_total) as spend
    from {{ order_lines }}
    where is_counted and is_known_customer
    group by customer_id, sku, order_id, order_date
{%- endmacro %}
