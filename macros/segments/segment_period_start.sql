{#- First day of the calendar year/month containing as_of_date(), moved back `back` periods. -#}
{% macro segment_period_start(period, back) -%}
    {%- set start = 'cast(' ~ segment_squash(dbt.date_trunc(period, as_of_date())) ~ ' as date)' -%}
    {%- if back == 0 -%}
        {%- do return(start) -%}
    {%- endif -%}
    {%- do return('cast(' ~ segment_squash(dbt.dateadd(period, -back, start)) ~ ' as date)') -%}
{%- endmacro %}
