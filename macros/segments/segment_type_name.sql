{#- The language's name for the type of a YAML value, for error messages. -#}
{% macro segment_type_name(value) -%}
    {%- if value is none -%}
        {%- do return('null') -%}
    {%- elif value is boolean -%}
        {%- do return('boolean') -%}
    {%- elif value is number -%}
        {%- do return('number') -%}
    {%- elif value is string -%}
        {%- do return('text') -%}
    {%- elif value is mapping -%}
        {%- do return('mapping') -%}
    {%- elif value is iterable -%}
        {%- do return('list') -%}
    {%- else -%}
        {%- do return('value') -%}
    {%- endif -%}
{%- endmacro %}
