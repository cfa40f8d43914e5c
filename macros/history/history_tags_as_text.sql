{#- A tag list as one text value: tags sorted and joined with '|', so the snapshot sees a change
    only when the set of tags changes, not their order. -#}
{% macro history_tags_as_text(column) -%}
    {{ return(adapter.dispatch('history_tags_as_text', 'shop_segments')(column)) }}
{%- endmacro %}

{% macro default__history_tags_as_text(column) -%}
    array_to_string({{ column }}, '|')
{%- endmacro %}

{% macro duckdb__history_tags_as_text(column) -%}
    array_to_string(list_sort({{ column }}), '|')
{%- endmacro %}

{% macro spark__history_tags_as_text(column) -%}
    array_join(array_sort({{ column }}), '|')
{%- endmacro %}
