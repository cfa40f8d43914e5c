-- Every raw customer_attributes row is either kept (stg_shop__customer_attributes)
-- or rejected (customer_attributes_rejected), never both; raw = kept + rejected.
{{ shop_test_raw_rows_reconcile('customer_attributes', {'customer_id': 'customer_id', 'attribute_name': 'attribute'}) }}
