{#- A table expression reading one raw file (format 'csv' or 'parquet') with every value as
    text where the format allows it. On DuckDB: read_csv(all_varchar, header) and
    read_parquet(file_row_number) (the row number feeds shop_raw_row_number). -#}
{% macro shop_raw_file_reader(path, file_format) -%}
    {{ return(adapter.dispatch('shop_raw_file_reader', 'shop_segments')(path, file_format)) }}
{%- endmacro %}

{% macro default__shop_raw_file_reader(path, file_format) -%}
    {{ exceptions.raise_compiler_error(
        "var raw_path (raw files) is only supported on DuckDB; on " ~ target.type
        ~ " load the raw tables into a schema and use var raw_schema") }}
{%- endmacro %}

{% macro duckdb__shop_raw_file_reader(path, file_format) -%}
    {%- if file_format == 'parquet' -%}
        read_parquet({{ shop_sql_string(path) }}, file_row_number = true)
    {%- elif file_format == 'csv' -%}
        read_csv({{ shop_sql_string(path) }}, all_varchar = true, header = true)
    {%- else -%}
        {{ exceptions.raise_compiler_error("shop_raw_file_reader: unknown format '" ~ file_format ~ "'") }}
    {%- endif -%}
{%- endmacro %}
