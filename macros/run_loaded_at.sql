{#- The time this dbt invocation started (UTC) as a SQL timestamp: the loaded_at column of the
    tables that carry one. The same for every model of one run. -#}
{% macro run_loaded_at() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as timestamp)
{%- endmacro %}
