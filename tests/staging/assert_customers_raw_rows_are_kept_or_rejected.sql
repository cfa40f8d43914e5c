-- Every raw customers row is either kept (stg_shop__customers)
-- or rejected (customers_rejected), never both; raw = kept + rejected.
{{ shop_test_raw_rows_reconcile('customers', {'customer_id': 'customer_id'}) }}
