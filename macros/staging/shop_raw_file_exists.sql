{#- True when the file at `path` exists (execute time only). On DuckDB: its glob() table
    function (glob characters * ? [ in the path act as wildcards). -#}
{% macro shop_raw_file_exists(path) -%}
    {{ return(adapter.dispatch('shop_raw_file_exists', 'shop_segments')(path)) }}
{%- endmacro %}

{% macro default__shop_raw_file_exists(path) -%}
    {{ exceptions.raise_compiler_error(
        "var raw_path (raw files) is supported on DuckDB and Spark; on " ~ target.type
        ~ " load the raw tables into a schema and use var raw_schema") }}
{%- endmacro %}

{% macro duckdb__shop_raw_file_exists(path) -%}
    {%- set result = run_query('select count(*) as files from glob(' ~ shop_sql_string(path) ~ ')') -%}
    {{ return(result.columns[0].values()[0] > 0) }}
{%- endmacro %}

{#- Spark: lists the folder with the binaryFile source (only the path column is read, not the
    content) and looks for the file's name. Glob characters are not expanded. -#}
{% macro spark__shop_raw_file_exists(path) -%}
    {%- set parts = path.rstrip('/').rsplit('/', 1) -%}
    {%- set listing = run_query('select path from binaryFile.`' ~ parts[0] ~ '`') -%}
    {%- for listed in listing.columns[0].values() -%}
        {%- if listed.rstrip('/').split('/')[-1] == parts[1] -%}
            {{ return(true) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(false) }}
{%- endmacro %}
