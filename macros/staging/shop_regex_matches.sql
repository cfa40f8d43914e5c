{#- True when the text matches the regular expression (pattern: a Python string without
    backslashes or single quotes, anchored with ^...$ for a full match); null for null text. -#}
{% macro shop_regex_matches(expression, pattern) -%}
    {{ return(adapter.dispatch('shop_regex_matches', 'shop_segments')(expression, pattern)) }}
{%- endmacro %}

{% macro default__shop_regex_matches(expression, pattern) -%}
    regexp_matches({{ expression }}, {{ shop_sql_string(pattern) }})
{%- endmacro %}

{% macro spark__shop_regex_matches(expression, pattern) -%}
    ({{ expression }} rlike {{ shop_sql_string(pattern) }})
{%- endmacro %}
