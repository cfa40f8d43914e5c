{#- Per raw table: its key ({staged key column: raw contract column}; the key is the raw text
    trimmed, duplicates are judged on it), the rejection reasons in the order they are checked
    (the first that applies is a rejected row's rejection_reason), and the optional columns whose
    unparseable values are set to null in a kept row (counted in data_quality_nulled_values).
    The reasons must match the CASE in macros/staging/shop_classified_<table>.sql; the
    accepted_values tests on <table>_rejected.rejection_reason check it. -#}
{% macro shop_rejection_reasons() -%}
    {{ return({
        'customers': {
            'keys': {'customer_id': 'customer_id'},
            'reasons': ['missing_key', 'exact_duplicate', 'conflicting_duplicate_key'],
            'nullable_parsed_columns': ['accepts_marketing', 'registered_at'],
        },
        'orders': {
            'keys': {'order_id': 'order_id'},
            'reasons': [
                'missing_key', 'invalid_ordered_at', 'invalid_order_total', 'negative_order_total',
                'exact_duplicate', 'conflicting_duplicate_key', 'unknown_customer',
            ],
            'nullable_parsed_columns': ['discount_total'],
        },
        'order_lines': {
            'keys': {'order_line_id': 'order_line_id'},
            'reasons': [
                'missing_key', 'invalid_quantity', 'invalid_unit_price', 'non_positive_quantity',
                'negative_unit_price', 'exact_duplicate', 'conflicting_duplicate_key', 'unknown_order',
            ],
            'nullable_parsed_columns': [],
        },
        'products': {
            'keys': {'sku': 'sku'},
            'reasons': ['missing_key', 'exact_duplicate', 'conflicting_duplicate_key'],
            'nullable_parsed_columns': [],
        },
        'abandoned_carts': {
            'keys': {'cart_id': 'cart_id'},
            'reasons': [
                'missing_key', 'invalid_abandoned_at', 'exact_duplicate', 'conflicting_duplicate_key',
                'unknown_customer',
            ],
            'nullable_parsed_columns': ['cart_total'],
        },
        'customer_attributes': {
            'keys': {'customer_id': 'customer_id', 'attribute_name': 'attribute'},
            'reasons': ['missing_key', 'exact_duplicate', 'conflicting_duplicate_key', 'unknown_customer'],
            'nullable_parsed_columns': [],
        },
    }) }}
{%- endmacro %}
