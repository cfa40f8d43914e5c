{#- One operator of the language on one SQL expression, as a boolean SQL expression that is never
    null (coalesce(.., false), so `not` is a plain negation). The ONE macro that turns operators
    into SQL: scripts/segment_lang/render.py has already validated and normalised everything
    (lists for in / not_in / between, durations as {n, unit}, during as {period, back}); it
    decides nothing. Literals: text through segment_quote_text, dates as cast('YYYY-MM-DD' as date).
    Date operators are relative to as_of_date(): within N = (as_of - N, as_of], within_next N =
    [as_of, as_of + N), ago N = exactly as_of - N; months and years step by calendar (dbt.dateadd
    clamps 31 March - 1 month to 28/29 February). -#}
{% macro segment_test(expr, type, op, value) -%}
    {%- set literals = [] -%}
    {%- set values = value if value is iterable and value is not string and value is not mapping else [value] -%}
    {%- for v in values if op not in ('is_null', 'within', 'within_next', 'ago', 'during') -%}
        {%- if type == 'number' -%}
            {%- do literals.append(v | string) -%}
        {%- elif type == 'boolean' -%}
            {%- do literals.append('true' if v else 'false') -%}
        {%- elif type == 'date' -%}
            {%- do literals.append('cast(' ~ segment_quote_text(v) ~ ' as date)') -%}
        {%- else -%}
            {%- do literals.append(segment_quote_text(v)) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set symbols = {'eq': '=', 'ne': '<>', 'gt': '>', 'gte': '>=', 'lt': '<', 'lte': '<=',
        'before': '<', 'after': '>', 'on': '='} -%}
    {%- if op in symbols -%}
        {%- set sql = expr ~ ' ' ~ symbols[op] ~ ' ' ~ literals[0] -%}
    {%- elif op == 'between' -%}
        {%- set sql = expr ~ ' >= ' ~ literals[0] ~ ' and ' ~ expr ~ ' <= ' ~ literals[1] -%}
    {%- elif op in ('in', 'not_in') -%}
        {%- set sql = expr ~ (' in (' if op == 'in' else ' not in (') ~ literals | join(', ') ~ ')' -%}
    {%- elif op == 'is_null' -%}
        {%- set sql = expr ~ (' is null' if value else ' is not null') -%}
    {%- elif op == 'contains' and type == 'list' -%}
        {%- set sql = segment_list_contains(expr, literals[0]) -%}
    {%- elif op == 'contains' -%}
        {%- set sql = segment_text_contains(expr, literals[0]) -%}
    {%- elif op == 'within' -%}
        {%- set sql = expr ~ ' > ' ~ segment_shift_date(value.unit, -value.n) ~ ' and ' ~ expr ~ ' <= ' ~ as_of_date() -%}
    {%- elif op == 'within_next' -%}
        {%- set sql = expr ~ ' >= ' ~ as_of_date() ~ ' and ' ~ expr ~ ' < ' ~ segment_shift_date(value.unit, value.n) -%}
    {%- elif op == 'ago' -%}
        {%- set sql = expr ~ ' = ' ~ segment_shift_date(value.unit, -value.n) -%}
    {%- elif op == 'during' and value.back == 0 -%}
        {%- set sql = expr ~ ' >= ' ~ segment_shift_date(value.period, 0, true) ~ ' and ' ~ expr ~ ' <= ' ~ as_of_date() -%}
    {%- elif op == 'during' -%}
        {%- set sql = expr ~ ' >= ' ~ segment_shift_date(value.period, -value.back, true)
            ~ ' and ' ~ expr ~ ' < ' ~ segment_shift_date(value.period, 0, true) -%}
    {%- else -%}
        {{ exceptions.raise_compiler_error("segment_test: unknown operator '" ~ op ~ "' (regenerate with `make generate`)") }}
    {%- endif -%}
    {%- do return('coalesce(' ~ sql ~ ', false)') -%}
{%- endmacro %}
