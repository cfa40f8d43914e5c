{#- A mapping of operators ({gt: 5, lte: 10}) over one SQL expression: every operator applies
    (and), each one coalesced to false so a null value never makes the condition unknown. -#}
{% macro segment_ops_condition(expr, kind, ops, allowed, segment_name, path, what) -%}
    {%- if ops is not mapping or ops | length == 0 -%}
        {{ segment_error(segment_name, path, 'expected a mapping of operators (' ~ allowed | join(', ')
            ~ '), got ' ~ tojson(ops)) }}
    {%- endif -%}
    {%- set parts = [] -%}
    {%- for op, value in ops.items() -%}
        {%- if op not in allowed -%}
            {{ segment_error(segment_name, path ~ '.' ~ op, "unknown operator '" ~ op ~ "' for " ~ what
                ~ '; expected one of ' ~ allowed | join(', ')) }}
        {%- endif -%}
        {%- do parts.append('coalesce(' ~ segment_scalar_condition(expr, kind, op, value, segment_name, path ~ '.' ~ op)
            ~ ', false)') -%}
    {%- endfor -%}
    {%- do return('(' ~ parts | join(' and ') ~ ')') -%}
{%- endmacro %}
