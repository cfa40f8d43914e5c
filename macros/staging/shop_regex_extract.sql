{#- The text of capture group `group` of the first match of the regular expression ('' when
    the group did not take part in the match; null for null text). -#}
{% macro shop_regex_extract(expression, pattern, group) -%}
    {{ return(adapter.dispatch('shop_regex_extract', 'shop_segments')(expression, pattern, group)) }}
{%- endmacro %}

{% macro default__shop_regex_extract(expression, pattern, group) -%}
    regexp_extract({{ expression }}, {{ shop_sql_string(pattern) }}, {{ group }})
{%- endmacro %}
