{#- Raise a compile error naming the bad key's path and the segment, in the same format as
    scripts/generate_segments.py: "<path>: <message> (segment '<name>')". -#}
{% macro segment_error(segment_name, path, message) -%}
    {{ exceptions.raise_compiler_error(path ~ ": " ~ message ~ " (segment '" ~ segment_name ~ "')") }}
{%- endmacro %}
