{#- A customer's holdout number for a segment: uniform in [0, 1), a pure function of the three
    texts. md5 (dbt.hash: md5 hex on DuckDB and Spark) of '<segment_name>|<salt>|<customer_id>',
    its first 13 hex digits read as an integer (52 bits, exact in a double) divided by 16^13.
    The member is in the control group when this is below the segment's holdout share.
    scripts/segment_exports/holdout.py computes the same number in Python (tested equal). -#}
{% macro segment_holdout_unit(segment_name_expr, salt_expr, customer_id_expr) -%}
    cast({{ segment_hex_to_bigint(
        'substr(' ~ dbt.hash(dbt.concat([segment_name_expr, "'|'", 'coalesce(' ~ salt_expr ~ ", '')", "'|'", customer_id_expr])) ~ ', 1, 13)'
    ) }} as double) / 4503599627370496.0
{%- endmacro %}
