{#- The select list of stg_shop__<table>: every column of base_shop__<table>_classified except
    its bookkeeping (raw_row_number, the raw_<column> text of every contract column, the
    duplicate flags of shop_duplicate_flags and rejection_reason), so a column parsed in the base
    model reaches staging without being listed again. DuckDB spells it `* exclude (...)`, Spark
    `* except (...)`. -#}
{% macro shop_kept_columns(table_name) -%}
    {%- set bookkeeping = ['raw_row_number'] -%}
    {%- for column in shop_raw_contract(table_name)['columns'] -%}
        {%- do bookkeeping.append('raw_' ~ column) -%}
    {%- endfor -%}
    {%- do bookkeeping.extend(['key_rows', 'copy_number', 'key_versions', 'rejection_reason']) -%}
    {{ return(adapter.dispatch('shop_kept_columns', 'shop_segments')(bookkeeping)) }}
{%- endmacro %}

{% macro default__shop_kept_columns(excluded) -%}
    * except ({{ excluded | join(', ') }})
{%- endmacro %}

{% macro duckdb__shop_kept_columns(excluded) -%}
    * exclude ({{ excluded | join(', ') }})
{%- endmacro %}
