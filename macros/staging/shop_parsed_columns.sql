{#- The parsing of every raw table, written once: the select-list items ('<expression> as
    <column>') that parse and normalise the raw text columns of `table_name` (besides its key
    columns, which shop_classified takes from shop_rejection_reasons). A column added here
    reaches stg_shop__<table> without being listed again (shop_kept_columns). -#}
{% macro shop_parsed_columns(table_name) -%}
    {%- set columns = {
        'customers': [
            'lower(' ~ clean_text('email') ~ ') as email',
            clean_text('first_name') ~ ' as first_name',
            clean_text('last_name') ~ ' as last_name',
            clean_text('phone') ~ ' as phone',
            clean_text('customer_type') ~ ' as customer_type',
            clean_text('customer_group') ~ ' as customer_group',
            'upper(' ~ clean_text('country_code') ~ ') as country_code',
            clean_text('region') ~ ' as region',
            clean_text('city') ~ ' as city',
            clean_text('postal_code') ~ ' as postal_code',
            parse_boolean('accepts_marketing') ~ ' as accepts_marketing',
            'lower(' ~ clean_text('marketing_channel') ~ ') as marketing_channel',
            clean_text('tags') ~ ' as tags',
            parse_timestamp_utc('registered_at') ~ ' as registered_at',
            parse_local_date('registered_at') ~ ' as registered_date',
        ],
        'orders': [
            clean_text('customer_id') ~ ' as customer_id',
            'lower(' ~ clean_text('status') ~ ') as status',
            'upper(' ~ clean_text('currency') ~ ') as currency',
            clean_text('offer_code') ~ ' as offer_code',
            'lower(' ~ clean_text('sales_channel') ~ ') as sales_channel',
            parse_decimal('order_total') ~ ' as order_total',
            parse_decimal('discount_total') ~ ' as discount_total',
            parse_decimal('shipping_total') ~ ' as shipping_total',
            clean_text('customer_id') ~ ' is null as is_guest_checkout',
            parse_timestamp_utc('ordered_at') ~ ' as ordered_at',
            parse_local_date('ordered_at') ~ ' as order_date',
        ],
        'order_lines': [
            clean_text('order_id') ~ ' as order_id',
            clean_text('sku') ~ ' as sku',
            parse_integer('quantity') ~ ' as quantity',
            parse_decimal('unit_price') ~ ' as unit_price',
        ],
        'products': [
            clean_text('product_name') ~ ' as product_name',
            clean_text('brand') ~ ' as brand',
            clean_text('category') ~ ' as category',
            clean_text('tags') ~ ' as tags',
        ],
        'abandoned_carts': [
            clean_text('customer_id') ~ ' as customer_id',
            parse_decimal('cart_total') ~ ' as cart_total',
            parse_timestamp_utc('abandoned_at') ~ ' as abandoned_at',
            parse_local_date('abandoned_at') ~ ' as abandoned_date',
        ],
        'customer_attributes': [
            clean_text('value') ~ ' as attribute_value',
        ],
    } -%}
    {%- if table_name not in columns -%}
        {{ exceptions.raise_compiler_error("shop_parsed_columns: no table " ~ table_name) }}
    {%- endif -%}
    {{ return(columns[table_name]) }}
{%- endmacro %}
