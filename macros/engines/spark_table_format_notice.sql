{#- on-run-start: on Spark with a table format without MERGE (plain parquet), say once per run
    what is switched off and how to switch it on. Renders no SQL. -#}
{% macro spark_table_format_notice() -%}
    {%- if execute and target.type == 'spark' and not spark_supports_merge() -%}
        {%- do log(
            "shop_segments: spark_table_format is '" ~ var('spark_table_format', 'parquet')
            ~ "', which has no MERGE: the segment history snapshots (segment_memberships_snapshot,"
            ~ " segment_history_builds_snapshot) and the models"
            ~ " that read them (segment_membership_history, segment_membership_events,"
            ~ " segment_size_history) are disabled. Set --vars '{spark_table_format: delta}' (Databricks, or"
            ~ " Delta/Iceberg/Hudi jars on the cluster) to enable them. See docs/engines.md.",
            info=true
        ) -%}
    {%- endif -%}
{%- endmacro %}
