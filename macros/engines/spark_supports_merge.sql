{#- True when the Spark table format (var spark_table_format) supports MERGE / DELETE. -#}
{% macro spark_supports_merge() -%}
    {{ return(var('spark_table_format', 'parquet') | lower in ['delta', 'iceberg', 'hudi']) }}
{%- endmacro %}
