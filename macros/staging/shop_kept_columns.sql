{#- The select list of stg_shop__<table> over the CTE `classified` of shop_classified(<table>):
    raw_row_number and every parsed column, without the bookkeeping (the raw_<column> text of
    every contract column, the duplicate flags of shop_duplicate_flags and rejection_reason), so
    a column parsed in shop_parsed_columns reaches staging without being listed again. -#}
{% macro shop_kept_columns(table_name) -%}
    {%- set bookkeeping = [] -%}
    {%- for column in shop_raw_contract(table_name)['columns'] -%}
        {%- do bookkeeping.append('raw_' ~ column) -%}
    {%- endfor -%}
    {%- do bookkeeping.extend(['key_rows', 'copy_number', 'key_versions', 'rejection_reason']) -%}
    {{ return(shop_star_except(bookkeeping)) }}
{%- endmacro %}
