{#- Aggregate: key/value text pairs as a map of text to text (keys must be distinct per group). -#}
{% macro metrics_text_map_agg(key_expr, value_expr) -%}
    {{ return(adapter.dispatch('metrics_text_map_agg', 'shop_segments')(key_expr, value_expr)) }}
{%- endmacro %}

{% macro default__metrics_text_map_agg(key_expr, value_expr) -%}
    map_from_entries(collect_list(struct({{ key_expr }}, {{ value_expr }})))
{%- endmacro %}

{% macro duckdb__metrics_text_map_agg(key_expr, value_expr) -%}
    map(list({{ key_expr }} order by {{ key_expr }}), list({{ value_expr }} order by {{ key_expr }}))
{%- endmacro %}
