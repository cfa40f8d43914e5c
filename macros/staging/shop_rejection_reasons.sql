{#- Per raw table, the staging rules that are not parsing (shop_parsed_columns parses): its key
    ({staged key column: raw contract column}; the key is the raw text trimmed, duplicates are
    judged on it), its row checks in the order they are checked ([reason, condition on the parsed
    columns]; after them every table checks exact_duplicate and conflicting_duplicate_key), the
    reason of the referential check a <table>_rejected model adds after staging (none when
    there is none), and the optional columns whose unparseable values are set to null in a kept
    row (counted in data_quality_nulled_values). Returned with `reasons`: every rejection reason
    in check order (the first that applies is a rejected row's rejection_reason), derived from
    the checks, so shop_classified's CASE and the quality models read one list. -#}
{% macro shop_rejection_reasons() -%}
    {%- set tables = {
        'customers': {
            'keys': {'customer_id': 'customer_id'},
            'checks': [['missing_key', 'customer_id is null']],
            'referential_reason': none,
            'nullable_parsed_columns': ['accepts_marketing', 'registered_at'],
        },
        'orders': {
            'keys': {'order_id': 'order_id'},
            'checks': [
                ['missing_key', 'order_id is null'],
                ['invalid_ordered_at', 'ordered_at is null'],
                ['invalid_order_total', 'order_total is null'],
                ['negative_order_total', 'order_total < 0'],
            ],
            'referential_reason': 'unknown_customer',
            'nullable_parsed_columns': ['discount_total'],
        },
        'order_lines': {
            'keys': {'order_line_id': 'order_line_id'},
            'checks': [
                ['missing_key', 'order_line_id is null or order_id is null'],
                ['invalid_quantity', 'quantity is null'],
                ['invalid_unit_price', 'unit_price is null and ' ~ clean_text('raw_unit_price') ~ ' is not null'],
                ['non_positive_quantity', 'quantity <= 0'],
                ['negative_unit_price', 'unit_price < 0'],
            ],
            'referential_reason': 'unknown_order',
            'nullable_parsed_columns': [],
        },
        'products': {
            'keys': {'sku': 'sku'},
            'checks': [['missing_key', 'sku is null']],
            'referential_reason': none,
            'nullable_parsed_columns': [],
        },
        'abandoned_carts': {
            'keys': {'cart_id': 'cart_id'},
            'checks': [
                ['missing_key', 'cart_id is null or customer_id is null'],
                ['invalid_abandoned_at', 'abandoned_at is null'],
            ],
            'referential_reason': 'unknown_customer',
            'nullable_parsed_columns': ['cart_total'],
        },
        'customer_attributes': {
            'keys': {'customer_id': 'customer_id', 'attribute_name': 'attribute'},
            'checks': [['missing_key', 'customer_id is null or attribute_name is null']],
            'referential_reason': 'unknown_customer',
            'nullable_parsed_columns': [],
        },
    } -%}
    {%- for spec in tables.values() -%}
        {%- set reasons = [] -%}
        {%- for check in spec['checks'] -%}
            {%- do reasons.append(check[0]) -%}
        {%- endfor -%}
        {%- do reasons.extend(['exact_duplicate', 'conflicting_duplicate_key']) -%}
        {%- if spec['referential_reason'] -%}
            {%- do reasons.append(spec['referential_reason']) -%}
        {%- endif -%}
        {%- do spec.update({'reasons': reasons}) -%}
    {%- endfor -%}
    {{ return(tables) }}
{%- endmacro %}
