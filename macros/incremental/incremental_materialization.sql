{#- The materialization and strategy of a model that is incremental where the engine can
    replace rows in place. DuckDB (and any adapter with delete+insert): incremental,
    delete+insert. Spark: incremental with merge only when var spark_table_format is a format
    with MERGE (delta, iceberg, hudi); on plain parquet the model is rebuilt as a table on every
    run (same result, full cost). See docs/engines.md.
    several_rows_per_key=true: the model's unique_key is not unique (one key, several rows, e.g.
    the stays of one segment membership) and a run replaces all rows of a key, which delete+insert
    does and merge does not (merge fails on a key with several rows): engines whose strategy is
    merge build such a model as a table. -#}
{% macro incremental_materialization(several_rows_per_key=false) -%}
    {{ return(adapter.dispatch('incremental_materialization', 'shop_segments')(several_rows_per_key)) }}
{%- endmacro %}

{% macro default__incremental_materialization(several_rows_per_key=false) -%}
    {{ return('incremental') }}
{%- endmacro %}

{% macro spark__incremental_materialization(several_rows_per_key=false) -%}
    {%- if spark_supports_merge() and not several_rows_per_key -%}
        {{ return('incremental') }}
    {%- else -%}
        {{ return('table') }}
    {%- endif -%}
{%- endmacro %}

{% macro incremental_strategy() -%}
    {{ return(adapter.dispatch('incremental_strategy', 'shop_segments')()) }}
{%- endmacro %}

{% macro default__incremental_strategy() -%}
    {{ return('delete+insert') }}
{%- endmacro %}

{% macro spark__incremental_strategy() -%}
    {{ return('merge') }}
{%- endmacro %}

{#- True when the Spark table format (var spark_table_format) supports MERGE / DELETE. -#}
{% macro spark_supports_merge() -%}
    {{ return(var('spark_table_format', 'parquet') | lower in ['delta', 'iceberg', 'hudi']) }}
{%- endmacro %}
