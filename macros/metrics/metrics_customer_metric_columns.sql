{#- The metric columns of customer_order_metrics (everything but customer_id), in order.
    dim_customers selects exactly these, so the two marts cannot drift apart. -#}
{% macro metrics_customer_metric_columns() -%}
    {%- set columns = [
        'volume_tier', 'rfm_group', 'lifecycle_stage',
        'orders_count', 'lifetime_revenue', 'avg_order_value', 'items_count', 'avg_items_per_order',
        'avg_item_price', 'days_since_first_order', 'days_since_last_order', 'avg_days_between_orders',
    ] -%}
    {%- for n in [1, 3, 6, 12, 24, 36] -%}
        {%- do columns.extend(['spend_' ~ n ~ 'm', 'orders_' ~ n ~ 'm']) -%}
    {%- endfor -%}
    {%- do columns.extend([
        'spend_this_year', 'orders_this_year', 'spend_last_year', 'orders_last_year',
        'all_orders_count', 'cancelled_orders_count', 'refunded_orders_count',
        'offer_code_orders_count', 'offer_code_orders_share',
        'discounted_orders_count', 'discounted_orders_share', 'lifetime_discount', 'discounted_revenue_share',
        'distinct_products_count', 'distinct_categories_count', 'distinct_brands_count',
        'abandoned_carts_count', 'recency_score', 'frequency_score', 'monetary_score',
        'recurring_items_count', 'recurring_items_share',
        'first_order_date', 'last_order_date', 'last_abandoned_cart_date', 'next_repurchase_due_date',
    ]) -%}
    {{ return(columns) }}
{%- endmacro %}
