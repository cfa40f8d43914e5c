{#- Validate a value against a kind (number, text, date, timestamp, boolean) and return it as a
    SQL literal. Text goes through segment_quote_text; numbers must be YAML numbers; dates must be
    'YYYY-MM-DD'. Errors name the segment and the key path. -#}
{% macro segment_literal(value, kind, segment_name, path) -%}
    {%- set got = segment_type_name(value) ~ ' ' ~ tojson(value) -%}
    {%- if kind == 'number' -%}
        {%- if value is boolean or value is not number
            or not modules.re.match('^-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$', value | string) -%}
            {{ segment_error(segment_name, path, 'expected a number, got ' ~ got) }}
        {%- endif -%}
        {%- do return(value | string) -%}
    {%- elif kind in ('date', 'timestamp') -%}
        {%- if not segment_is_date(value) -%}
            {{ segment_error(segment_name, path, "expected a date 'YYYY-MM-DD', got " ~ got) }}
        {%- endif -%}
        {%- do return('cast(' ~ segment_quote_text(value) ~ ' as date)') -%}
    {%- elif kind == 'boolean' -%}
        {%- if value is not boolean -%}
            {{ segment_error(segment_name, path, 'expected true or false, got ' ~ got) }}
        {%- endif -%}
        {%- do return('true' if value else 'false') -%}
    {%- else -%}
        {%- if value is not string -%}
            {{ segment_error(segment_name, path, 'expected text, got ' ~ got) }}
        {%- endif -%}
        {%- do return(segment_quote_text(value)) -%}
    {%- endif -%}
{%- endmacro %}
