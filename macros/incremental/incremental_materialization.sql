{#- The materialization and strategy of a model that is incremental where the engine can
    replace rows in place. DuckDB (and any adapter with delete+insert): incremental,
    delete+insert. Spark: incremental with merge only when var spark_table_format is a format
    with MERGE (delta, iceberg, hudi); on plain parquet the model is rebuilt as a table on every
    run (same result, full cost). See docs/engines.md. -#}
{% macro incremental_materialization() -%}
    {{ return(adapter.dispatch('incremental_materialization', 'shop_segments')()) }}
{%- endmacro %}

{% macro default__incremental_materialization() -%}
    {{ return('incremental') }}
{%- endmacro %}

{% macro spark__incremental_materialization() -%}
    {%- if spark_supports_merge() -%}
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
