{#- SQL text on one line: runs of whitespace (the newlines cross-database macros emit) become one space. -#}
{% macro segment_squash(sql) -%}
    {%- do return(modules.re.sub('\\s+', ' ', sql | string) | trim) -%}
{%- endmacro %}
