{#- on-run-start: the campaign results read the export tables, which scripts/export_segments.py
    writes to DuckDB only, and their intervals come from a dbt Python model (DuckDB only). On
    Spark say once per run that those models are off. Renders no SQL. -#}
{% macro campaign_results_notice() -%}
    {%- if execute and target.type == 'spark' -%}
        {%- do log(
            "shop_segments: the campaign results (segment_campaign_results and the stg_exports__ /"
            ~ " int_campaign_ models) are disabled on Spark: the export tables they read are written"
            ~ " by scripts/export_segments.py to DuckDB only. See docs/engines.md.",
            info=true
        ) -%}
    {%- endif -%}
{%- endmacro %}
