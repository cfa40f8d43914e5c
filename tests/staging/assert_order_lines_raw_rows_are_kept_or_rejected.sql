-- Every raw order_lines row is either kept (stg_shop__order_lines)
-- or rejected (order_lines_rejected), never both; raw = kept + rejected.
{{ shop_test_raw_rows_reconcile('order_lines', {'order_line_id': 'order_line_id'}) }}
