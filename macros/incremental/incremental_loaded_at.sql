{#- The time this dbt invocation started (UTC) as a SQL timestamp: the loaded_at of every row an
    incremental model writes in this run. The same for every model of the run, so a later model
    can find what an earlier one (re)loaded (loaded_at > its own last load). -#}
{% macro incremental_loaded_at() -%}
    {{ return(adapter.dispatch('incremental_loaded_at', 'shop_segments')()) }}
{%- endmacro %}

{% macro default__incremental_loaded_at() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as timestamp)
{%- endmacro %}
