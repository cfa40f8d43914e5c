{#- A map-of-text expression, with null replaced by an empty map. -#}
{% macro metrics_coalesce_text_map(expr) -%}
    {{ return(adapter.dispatch('metrics_coalesce_text_map', 'shop_segments')(expr)) }}
{%- endmacro %}

{% macro default__metrics_coalesce_text_map(expr) -%}
    coalesce({{ expr }}, cast(map() as map<string, string>))
{%- endmacro %}

{% macro duckdb__metrics_coalesce_text_map(expr) -%}
    coalesce({{ expr }}, cast(map() as map(varchar, varchar)))
{%- endmacro %}
