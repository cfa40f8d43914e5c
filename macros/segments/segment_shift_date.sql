{#- as_of_date() moved by n units (day, month, year; negative = back) as a SQL date on one line;
    with period_start, the start of as_of_date()'s calendar month or year moved by n. Month and
    year steps clamp to the month end (31 March - 1 month = 28/29 February). -#}
{% macro segment_shift_date(unit, n, period_start=false) -%}
    {%- set base = as_of_date() -%}
    {%- if period_start -%}
        {%- set base = 'cast(' ~ modules.re.sub('\\s+', ' ', dbt.date_trunc(unit, as_of_date()) | string) | trim ~ ' as date)' -%}
    {%- endif -%}
    {%- if n == 0 -%}
        {%- do return(base) -%}
    {%- endif -%}
    {%- do return('cast(' ~ modules.re.sub('\\s+', ' ', dbt.dateadd(unit, n, base) | string) | trim ~ ' as date)') -%}
{%- endmacro %}
