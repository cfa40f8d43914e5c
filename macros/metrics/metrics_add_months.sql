{#- date_expr plus `months` calendar months (negative = back), as a date. Month ends clamp:
    2025-03-31 minus 1 month = 2025-02-28, 2024-02-29 minus 12 months = 2023-02-28. -#}
{% macro metrics_add_months(date_expr, months) -%}
    {{ return(adapter.dispatch('metrics_add_months', 'shop_segments')(date_expr, months)) }}
{%- endmacro %}

{% macro default__metrics_add_months(date_expr, months) -%}
    cast({{ dbt.dateadd('month', months, date_expr) }} as date)
{%- endmacro %}

{% macro spark__metrics_add_months(date_expr, months) -%}
    add_months({{ date_expr }}, {{ months }})
{%- endmacro %}
