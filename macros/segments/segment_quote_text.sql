{#- A text value as a SQL string literal: the ONE place values are quoted. Single quotes are
    doubled, so O'Brien and "x'; drop table y; --" stay plain text. -#}
{% macro segment_quote_text(value) -%}
    {{ return(adapter.dispatch('segment_quote_text')(value)) }}
{%- endmacro %}

{% macro default__segment_quote_text(value) -%}
    {{ return("'" ~ (value | string | replace("'", "''")) ~ "'") }}
{%- endmacro %}

{#- Spark SQL treats a backslash in a string literal as an escape character. -#}
{% macro spark__segment_quote_text(value) -%}
    {{ return("'" ~ (value | string | replace("\\", "\\\\") | replace("'", "\\'")) ~ "'") }}
{%- endmacro %}
