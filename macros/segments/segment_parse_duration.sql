{#- 'N days|weeks|months|years' -> {'n': N, 'unit': 'day'|'month'|'year'} (weeks become days). -#}
{% macro segment_parse_duration(value, minimum, segment_name, path) -%}
    {%- set match = modules.re.match('^\\s*([0-9]+)\\s+(day|days|week|weeks|month|months|year|years)\\s*$',
        value if value is string else '') -%}
    {%- if not match -%}
        {{ segment_error(segment_name, path, "expected a duration like '90 days' (days|weeks|months|years), got "
            ~ tojson(value)) }}
    {%- endif -%}
    {%- set n = match.group(1) | int -%}
    {%- if n < minimum -%}
        {{ segment_error(segment_name, path, 'duration must be at least ' ~ minimum ~ ', got ' ~ tojson(value)) }}
    {%- endif -%}
    {%- set unit = match.group(2).rstrip('s') -%}
    {%- if unit == 'week' -%}
        {%- do return({'n': n * 7, 'unit': 'day'}) -%}
    {%- endif -%}
    {%- do return({'n': n, 'unit': unit}) -%}
{%- endmacro %}
