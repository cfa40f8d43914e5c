{#- The raw input contract: the six raw tables, their columns in contract order, and which
    tables must exist. Single source of truth for shop_source and the docs. -#}
{% macro shop_raw_contract() -%}
    {{ return({
        'customers': {
            'required': true,
            'columns': [
                'customer_id', 'email', 'first_name', 'last_name', 'phone', 'customer_type',
                'customer_group', 'country_code', 'region', 'city', 'postal_code', 'registered_at',
                'accepts_marketing', 'marketing_channel', 'tags',
            ],
        },
        'orders': {
            'required': true,
            'columns': [
                'order_id', 'customer_id', 'ordered_at', 'status', 'currency', 'order_total',
                'discount_total', 'offer_code', 'sales_channel',
            ],
        },
        'order_lines': {
            'required': true,
            'columns': ['order_line_id', 'order_id', 'sku', 'quantity', 'unit_price'],
        },
        'products': {
            'required': false,
            'columns': ['sku', 'product_name', 'brand', 'category', 'tags'],
        },
        'abandoned_carts': {
            'required': false,
            'columns': ['cart_id', 'customer_id', 'abandoned_at', 'cart_total'],
        },
        'customer_attributes': {
            'required': false,
            'columns': ['customer_id', 'attribute', 'value'],
        },
    }) }}
{%- endmacro %}
