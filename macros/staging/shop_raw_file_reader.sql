{#- A table expression reading one raw file (format 'csv' or 'parquet') with every value as
    text where the format allows it. On DuckDB: read_csv(all_varchar, header) and
    read_parquet(file_row_number) (the row number feeds shop_raw_row_number). -#}
{% macro shop_raw_file_reader(path, file_format) -%}
    {{ return(adapter.dispatch('shop_raw_file_reader', 'shop_segments')(path, file_format)) }}
{%- endmacro %}

{% macro default__shop_raw_file_reader(path, file_format) -%}
    {{ exceptions.raise_compiler_error(
        "var raw_path (raw files) is supported on DuckDB and Spark; on " ~ target.type
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

{#- Spark: the file becomes an external (unmanaged) table raw_files.<name>_<format> over it,
    re-created on every compile so it always reads the current file (dropping it never touches
    the file). CSV: header row, every column as string (no schema inference), RFC 4180 quoting
    ("" inside a quoted value) and quoted line breaks, like DuckDB's reader. -#}
{% macro spark__shop_raw_file_reader(path, file_format) -%}
    {%- if file_format not in ['parquet', 'csv'] -%}
        {{ exceptions.raise_compiler_error("shop_raw_file_reader: unknown format '" ~ file_format ~ "'") }}
    {%- endif -%}
    {%- set file_name = path.rstrip('/').split('/')[-1] -%}
    {%- set identifier = 'raw_files.' ~ modules.re.sub('[^a-z0-9_]', '_', file_name | lower) -%}
    {%- set options = ['path ' ~ shop_sql_string(path)] -%}
    {%- if file_format == 'csv' -%}
        {%- do options.extend([
            "header 'true'", "inferSchema 'false'", "multiLine 'true'",
            "quote '\"'", "escape '\"'", "encoding 'UTF-8'"]) -%}
    {%- endif -%}
    {%- if execute -%}
        {%- do run_query('create database if not exists raw_files') -%}
        {%- do run_query('drop table if exists ' ~ identifier) -%}
        {%- do run_query('create table ' ~ identifier ~ ' using ' ~ file_format
            ~ ' options (' ~ options | join(', ') ~ ')') -%}
    {%- endif -%}
    {{ identifier }}
{%- endmacro %}
