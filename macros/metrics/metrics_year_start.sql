{#- 1 January of the calendar year of date_expr, as a date. -#}
{% macro metrics_year_start(date_expr) -%}
    {{ return(adapter.dispatch('metrics_year_start', 'shop_segments')(date_expr)) }}
{%- endmacro %}

{% macro default__metrics_year_start(date_expr) -%}
    cast({{ dbt.date_trunc('year', date_expr) }} as date)
{%- endmacro %}
