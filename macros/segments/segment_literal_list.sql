{#- A non-empty list of values (or one value when allow_single) as "(lit, lit, ...)". -#}
{% macro segment_literal_list(values, kind, segment_name, path, allow_single=false) -%}
    {%- if allow_single and (values is string or values is number) -%}
        {%- set values = [values] -%}
    {%- endif -%}
    {%- if values is string or values is mapping or values is not iterable or values | length == 0 -%}
        {{ segment_error(segment_name, path, 'expected a non-empty list, got '
            ~ segment_type_name(values) ~ ' ' ~ tojson(values)) }}
    {%- endif -%}
    {%- set items = [] -%}
    {%- for value in values -%}
        {%- do items.append(segment_literal(value, kind, segment_name, path ~ '[' ~ loop.index0 ~ ']')) -%}
    {%- endfor -%}
    {%- do return('(' ~ items | join(', ') ~ ')') -%}
{%- endmacro %}
