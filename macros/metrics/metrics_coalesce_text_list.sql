{#- A list-of-text expression, with null replaced by an empty list of text. -#}
{% macro metrics_coalesce_text_list(expr) -%}
    {{ return(adapter.dispatch('metrics_coalesce_text_list', 'shop_segments')(expr)) }}
{%- endmacro %}

{% macro default__metrics_coalesce_text_list(expr) -%}
    coalesce({{ expr }}, cast(array[] as varchar[]))
{%- endmacro %}

{% macro duckdb__metrics_coalesce_text_list(expr) -%}
    coalesce({{ expr }}, cast([] as varchar[]))
{%- endmacro %}

{% macro spark__metrics_coalesce_text_list(expr) -%}
    coalesce({{ expr }}, cast(array() as array<string>))
{%- endmacro %}
