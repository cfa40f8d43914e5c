{#- True when value is text 'YYYY-MM-DD' naming a real calendar day. -#}
{% macro segment_is_date(value) -%}
    {%- if value is not string or not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', value) -%}
        {%- do return(false) -%}
    {%- endif -%}
    {%- set year = value[0:4] | int -%}
    {%- set month = value[5:7] | int -%}
    {%- set day = value[8:10] | int -%}
    {%- if year < 1 or month < 1 or month > 12 or day < 1 -%}
        {%- do return(false) -%}
    {%- endif -%}
    {%- set leap = (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 -%}
    {%- set days_in_month = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] -%}
    {%- do return(day <= days_in_month[month - 1]) -%}
{%- endmacro %}
