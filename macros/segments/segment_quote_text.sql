{#- A text value as a SQL string literal: the ONE place the segment language quotes values.
    It is shop_sql_string (dispatched: quotes doubled; on Spark backslashes and quotes escaped),
    so O'Brien and "x'; drop table y; --" stay plain text on every engine. -#}
{% macro segment_quote_text(value) -%}
    {{ return(shop_sql_string(value) | trim) }}
{%- endmacro %}
