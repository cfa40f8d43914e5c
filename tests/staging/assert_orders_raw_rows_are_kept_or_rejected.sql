-- Every raw orders row is either kept (stg_shop__orders)
-- or rejected (orders_rejected), never both; raw = kept + rejected.
{{ shop_test_raw_rows_reconcile('orders', {'order_id': 'order_id'}) }}
