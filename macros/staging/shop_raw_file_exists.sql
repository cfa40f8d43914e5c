{#- True when the file at `path` exists (execute time only). On DuckDB: its glob() table
    function (glob characters * ? [ in the path act as wildcards). -#}
{% macro shop_raw_file_exists(path) -%}
    {{ return(adapter.dispatch('shop_raw_file_exists', 'shop_segments')(path)) }}
{%- endmacro %}

{% macro default__shop_raw_file_exists(path) -%}
    {{ exceptions.raise_compiler_error(
        "var raw_path (raw files) is only supported on DuckDB; on " ~ target.type
        ~ " load the raw tables into a schema and use var raw_schema") }}
{%- endmacro %}

{% macro duckdb__shop_raw_file_exists(path) -%}
    {%- set result = run_query('select count(*) as files from glob(' ~ shop_sql_string(path) ~ ')') -%}
    {{ return(result.columns[0].values()[0] > 0) }}
{%- endmacro %}
