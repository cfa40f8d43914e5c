{#- Aggregate: the median of a numeric expression as double (mean of the two middle values for
    an even count; nulls skipped). -#}
{% macro metrics_median(expr) -%}
    {{ return(adapter.dispatch('metrics_median', 'shop_segments')(expr)) }}
{%- endmacro %}

{% macro default__metrics_median(expr) -%}
    cast(percentile_cont(0.5) within group (order by {{ expr }}) as double)
{%- endmacro %}

{% macro duckdb__metrics_median(expr) -%}
    cast(median({{ expr }}) as double)
{%- endmacro %}

{% macro spark__metrics_median(expr) -%}
    cast(percentile({{ expr }}, 0.5) as double)
{%- endmacro %}
