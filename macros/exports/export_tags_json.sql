{#- A tag list as the export text: trimmed, empty tags dropped, de-duplicated, sorted, as a JSON
    array (["O'Brien","vip"]); null stays null. The engines spell list functions differently. -#}
{% macro export_tags_json(column) -%}
    {{ return(adapter.dispatch('export_tags_json', 'shop_segments')(column)) }}
{%- endmacro %}

{% macro duckdb__export_tags_json(column) -%}
    to_json(list_sort(list_distinct(list_filter(
        list_transform({{ column }}, lambda t: trim(cast(t as varchar))), lambda t: t <> ''
    ))))
{%- endmacro %}

{% macro spark__export_tags_json(column) -%}
    to_json(array_sort(array_distinct(filter(
        transform({{ column }}, t -> trim(cast(t as string))), t -> t <> ''
    ))))
{%- endmacro %}
