{#- as_of_date() moved by n units (day, month, year; negative = back) as a SQL date. Month and
    year steps clamp to the month end (31 March - 1 month = 28/29 February). -#}
{% macro segment_shift_date(n, unit) -%}
    {%- if n == 0 -%}
        {%- do return(as_of_date()) -%}
    {%- endif -%}
    {%- do return('cast(' ~ segment_squash(dbt.dateadd(unit, n, as_of_date())) ~ ' as date)') -%}
{%- endmacro %}
