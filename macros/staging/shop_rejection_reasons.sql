{#- Per raw table: the rejection reasons in the order they are checked (the first that applies
    is a rejected row's rejection_reason), and the optional columns whose unparseable values are
    set to null in a kept row (counted in data_quality_report). Must match the CASE in
    models/staging/shop/base/base_shop__<table>_classified.sql; the accepted_values tests on
    <table>_rejected.rejection_reason check it. -#}
{% macro shop_rejection_reasons() -%}
    {{ return({
        'customers': {
            'reasons': ['missing_key', 'exact_duplicate', 'conflicting_duplicate_key'],
            'nullable_parsed_columns': ['accepts_marketing', 'registered_at'],
        },
        'orders': {
            'reasons': [
                'missing_key', 'invalid_ordered_at', 'invalid_order_total', 'negative_order_total',
                'exact_duplicate', 'conflicting_duplicate_key', 'unknown_customer',
            ],
            'nullable_parsed_columns': ['discount_total'],
        },
        'order_lines': {
            'reasons': [
                'missing_key', 'invalid_quantity', 'invalid_unit_price', 'non_positive_quantity',
                'negative_unit_price', 'exact_duplicate', 'conflicting_duplicate_key', 'unknown_order',
            ],
            'nullable_parsed_columns': [],
        },
        'products': {
            'reasons': ['missing_key', 'exact_duplicate', 'conflicting_duplicate_key'],
            'nullable_parsed_columns': [],
        },
        'abandoned_carts': {
            'reasons': [
                'missing_key', 'invalid_abandoned_at', 'exact_duplicate', 'conflicting_duplicate_key',
                'unknown_customer',
            ],
            'nullable_parsed_columns': ['cart_total'],
        },
        'customer_attributes': {
            'reasons': ['missing_key', 'exact_duplicate', 'conflicting_duplicate_key', 'unknown_customer'],
            'nullable_parsed_columns': [],
        },
    }) }}
{%- endmacro %}
