-- Every raw abandoned_carts row is either kept (stg_shop__abandoned_carts)
-- or rejected (abandoned_carts_rejected), never both; raw = kept + rejected.
{{ shop_test_raw_rows_reconcile('abandoned_carts', {'cart_id': 'cart_id'}) }}
