{#- Whole days from start_date to end_date (end - start; negative when end is earlier), bigint. -#}
{% macro metrics_days_between(start_date, end_date) -%}
    {{ return(adapter.dispatch('metrics_days_between', 'shop_segments')(start_date, end_date)) }}
{%- endmacro %}

{% macro default__metrics_days_between(start_date, end_date) -%}
    cast({{ dbt.datediff(start_date, end_date, 'day') }} as bigint)
{%- endmacro %}

{% macro duckdb__metrics_days_between(start_date, end_date) -%}
    cast(date_diff('day', cast({{ start_date }} as date), cast({{ end_date }} as date)) as bigint)
{%- endmacro %}

{% macro spark__metrics_days_between(start_date, end_date) -%}
    cast(datediff({{ end_date }}, {{ start_date }}) as bigint)
{%- endmacro %}
