{#- date_expr plus a whole number of days (an integer expression), as a date. -#}
{% macro metrics_add_days(date_expr, days_expr) -%}
    {{ return(adapter.dispatch('metrics_add_days', 'shop_segments')(date_expr, days_expr)) }}
{%- endmacro %}

{% macro default__metrics_add_days(date_expr, days_expr) -%}
    cast({{ dbt.dateadd('day', days_expr, date_expr) }} as date)
{%- endmacro %}

{% macro spark__metrics_add_days(date_expr, days_expr) -%}
    date_add({{ date_expr }}, cast({{ days_expr }} as int))
{%- endmacro %}
