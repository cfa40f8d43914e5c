{#- Aggregate: the values of a text expression as a sorted list (array of text). Nulls are
    skipped; pass distinct values (the callers aggregate one row per value). -#}
{% macro metrics_text_list_agg(expr) -%}
    {{ return(adapter.dispatch('metrics_text_list_agg', 'shop_segments')(expr)) }}
{%- endmacro %}

{% macro default__metrics_text_list_agg(expr) -%}
    array_agg({{ expr }} order by {{ expr }}) filter (where {{ expr }} is not null)
{%- endmacro %}

{% macro duckdb__metrics_text_list_agg(expr) -%}
    list({{ expr }} order by {{ expr }}) filter (where {{ expr }} is not null)
{%- endmacro %}

{% macro spark__metrics_text_list_agg(expr) -%}
    sort_array(collect_list({{ expr }}))
{%- endmacro %}
