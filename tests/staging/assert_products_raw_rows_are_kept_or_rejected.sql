-- Every raw products row is either kept (stg_shop__products)
-- or rejected (products_rejected), never both; raw = kept + rejected.
{{ shop_test_raw_rows_reconcile('products', {'sku': 'sku'}) }}
