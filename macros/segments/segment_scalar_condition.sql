{#- One operator applied to a SQL expression of `kind` (number, text, date, timestamp, boolean,
    list) as a boolean SQL expression that may be null; callers wrap it in coalesce(.., false).
    Date operators are relative to as_of_date(): within N = (as_of - N, as_of],
    within_next N = [as_of, as_of + N), ago N = exactly as_of - N. -#}
{% macro segment_scalar_condition(expr, kind, op, value, segment_name, path) -%}
    {%- set value_kind = 'date' if kind == 'timestamp' else kind -%}
    {%- set expr = 'cast(' ~ expr ~ ' as date)' if kind == 'timestamp' else expr -%}
    {%- set symbols = {'eq': '=', 'ne': '<>', 'gt': '>', 'gte': '>=', 'lt': '<', 'lte': '<=',
        'before': '<', 'after': '>', 'on': '='} -%}
    {%- if op in ('eq', 'ne', 'gt', 'gte', 'lt', 'lte') -%}
        {%- do return(expr ~ ' ' ~ symbols[op] ~ ' ' ~ segment_literal(value, value_kind, segment_name, path)) -%}
    {%- elif op in ('before', 'after', 'on') -%}
        {%- do return(expr ~ ' ' ~ symbols[op] ~ ' ' ~ segment_literal(value, 'date', segment_name, path)) -%}
    {%- elif op == 'between' -%}
        {%- if value is string or value is mapping or value is not iterable or value | length != 2 -%}
            {{ segment_error(segment_name, path, 'expected a list of two values [low, high], got ' ~ tojson(value)) }}
        {%- endif -%}
        {%- set low = segment_literal(value[0], value_kind, segment_name, path ~ '[0]') -%}
        {%- set high = segment_literal(value[1], value_kind, segment_name, path ~ '[1]') -%}
        {%- if value[0] > value[1] -%}
            {{ segment_error(segment_name, path, 'low ' ~ tojson(value[0]) ~ ' is greater than high ' ~ tojson(value[1])) }}
        {%- endif -%}
        {%- do return(expr ~ ' >= ' ~ low ~ ' and ' ~ expr ~ ' <= ' ~ high) -%}
    {%- elif op in ('in', 'not_in') -%}
        {%- set items = segment_literal_list(value, value_kind, segment_name, path) -%}
        {%- do return(expr ~ (' in ' if op == 'in' else ' not in ') ~ items) -%}
    {%- elif op == 'is_null' -%}
        {%- if value is not boolean -%}
            {{ segment_error(segment_name, path, 'expected true or false, got ' ~ tojson(value)) }}
        {%- endif -%}
        {%- do return(expr ~ (' is null' if value else ' is not null')) -%}
    {%- elif op == 'contains' -%}
        {%- set needle = segment_literal(value, 'text', segment_name, path) -%}
        {%- if kind == 'list' -%}
            {%- do return(segment_list_contains(expr, needle)) -%}
        {%- endif -%}
        {%- do return(segment_text_contains(expr, needle)) -%}
    {%- elif op in ('within', 'ago', 'within_next') -%}
        {%- set duration = segment_parse_duration(value, 0 if op == 'ago' else 1, segment_name, path) -%}
        {%- if op == 'ago' -%}
            {%- do return(expr ~ ' = ' ~ segment_shift_date(-duration.n, duration.unit)) -%}
        {%- elif op == 'within' -%}
            {%- do return(expr ~ ' > ' ~ segment_shift_date(-duration.n, duration.unit)
                ~ ' and ' ~ expr ~ ' <= ' ~ as_of_date()) -%}
        {%- endif -%}
        {%- do return(expr ~ ' >= ' ~ as_of_date() ~ ' and ' ~ expr ~ ' < ' ~ segment_shift_date(duration.n, duration.unit)) -%}
    {%- elif op == 'during' -%}
        {%- set periods = {'this_year': ['year', 0], 'last_year': ['year', 1],
            'this_month': ['month', 0], 'last_month': ['month', 1]} -%}
        {%- if value not in periods -%}
            {{ segment_error(segment_name, path, 'expected one of this_year, last_year, this_month, last_month, got '
                ~ tojson(value)) }}
        {%- endif -%}
        {%- set period = periods[value] -%}
        {%- if period[1] == 0 -%}
            {%- do return(expr ~ ' >= ' ~ segment_period_start(period[0], 0) ~ ' and ' ~ expr ~ ' <= ' ~ as_of_date()) -%}
        {%- endif -%}
        {%- do return(expr ~ ' >= ' ~ segment_period_start(period[0], 1)
            ~ ' and ' ~ expr ~ ' < ' ~ segment_period_start(period[0], 0)) -%}
    {%- endif -%}
    {{ segment_error(segment_name, path, "unknown operator '" ~ op ~ "'") }}
{%- endmacro %}
